import * as vscode from 'vscode';

/** A notification the extension showed, as the person saw it. */
export interface Notice {
  /** Counts up from 1 over the session, so a reader can ask for what came after a point. */
  seq: number;
  level: 'error' | 'warning' | 'info';
  text: string;
  buttons: string[];
}

interface Pending {
  notice: Notice;
  settle: (label: string | undefined) => void;
}

/** Notices shown so far, newest last; bounded, since only the last few are ever looked at. */
const shown: Notice[] = [];
const shownLimit = 50;
/** Notices still waiting for a click, newest last. */
const pending: Pending[] = [];
let lastSeq = 0;

/**
 * Shows a notification with buttons and resolves with the label clicked (undefined when it is
 * closed). Every notice is kept, and the hidden `internal.notices` command can read them and
 * answer the newest one, since VS Code offers no API to read or click a notification from a test.
 */
export function showNotice(level: Notice['level'], text: string, buttons: readonly string[] = []): Promise<string | undefined> {
  const notice: Notice = { seq: ++lastSeq, level, text, buttons: [...buttons] };
  shown.push(notice);
  if (shown.length > shownLimit) shown.shift();
  const show =
    level === 'info' ? vscode.window.showInformationMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  return new Promise((resolve) => {
    let done = false;
    const entry: Pending = {
      notice,
      settle: (label) => {
        if (done) return;
        done = true;
        const at = pending.indexOf(entry);
        if (at >= 0) pending.splice(at, 1);
        resolve(label);
      },
    };
    pending.push(entry);
    // A notice nobody closes waits for ever; the oldest stop being answerable, still awaiting a real click.
    if (pending.length > shownLimit) pending.shift();
    void Promise.resolve(show(text, ...buttons)).then((label) => entry.settle(label), () => entry.settle(undefined));
  });
}

/** The notices shown so far, newest last. */
export function noticesShown(): Notice[] {
  return shown.map((n) => ({ ...n, buttons: [...n.buttons] }));
}

/**
 * Answers the newest waiting notice that has a `label` button, as a click on it would
 * (undefined closes the newest). Returns false when no such notice waits.
 */
export function answerNotice(label: string | undefined): boolean {
  const newest = [...pending].reverse().find((p) => label === undefined || p.notice.buttons.includes(label));
  if (!newest) return false;
  newest.settle(label);
  return true;
}

/** How many notices wait for a click. */
export function noticesWaiting(): number {
  return pending.length;
}
