import type { PreviewCue, PreviewStrings } from '../shared/previewProtocol';

/** What the list does when a cue or its piece's button is chosen. */
export interface CueListActions {
  choose(index: number): void;
  retranslate(piece: number): void;
}

/**
 * The list of cues beside the player: each cue a button (a click or Enter seeks to it), the
 * current one highlighted and kept in view, and on the first cue of each piece a button that
 * translates the piece again.
 */
export class CueList {
  private cues: PreviewCue[] = [];
  private current = -1;
  private busy: number | undefined;

  constructor(
    private readonly root: HTMLOListElement,
    private readonly actions: CueListActions,
    /** The player's words when pieces can be translated again (a record lies beside the subtitles); undefined: no Retranslate buttons. */
    private readonly retranslateWords: () => PreviewStrings | undefined,
  ) {}

  get items(): readonly PreviewCue[] {
    return this.cues;
  }

  /**
   * Shows a new set of cues, keeping the highlight on the cue at the same place. Only the rows whose
   * cue changed are built again: an edit in the document sends every cue, and rebuilding thousands
   * of rows for each would hold up the player and take the keyboard focus away from the list.
   */
  show(cues: PreviewCue[]): void {
    this.cues = cues;
    const rows = this.root.children;
    const canRetranslate = this.retranslateWords() !== undefined;
    for (let i = 0; i < cues.length; i++) {
      const firstOfPiece = i === 0 || cues[i - 1].piece !== cues[i].piece;
      const shown = rows[i] as HTMLElement | undefined;
      const key = rowKey(cues[i], firstOfPiece, canRetranslate);
      if (shown?.dataset.key === key) continue;
      const row = this.row(cues[i], i, firstOfPiece);
      row.dataset.key = key;
      if (!shown) {
        this.root.append(row);
        continue;
      }
      const focused = shown.contains(document.activeElement) ? (document.activeElement as HTMLElement).className : undefined;
      shown.replaceWith(row);
      if (focused) row.querySelector<HTMLElement>(`.${focused}`)?.focus();
    }
    while (rows.length > cues.length) rows[rows.length - 1].remove();
    // The highlighted row may have been kept or built again: it is marked afresh either way.
    const keep = Math.min(this.current, cues.length - 1);
    for (const row of this.root.querySelectorAll('li.current')) {
      row.classList.remove('current');
      row.querySelector('.cue')?.setAttribute('aria-current', 'false');
    }
    this.current = -1;
    this.highlight(keep, false);
  }

  /**
   * The cue shown at `time`: of those it falls in, the one that started last. Every cue is looked
   * at, since a document being edited may hold cues out of order, or a short one inside a long one.
   */
  indexAt(time: number): number {
    let found = -1;
    for (let i = 0; i < this.cues.length; i++) {
      const c = this.cues[i];
      if (c.start <= time + 1e-3 && time < c.end && (found < 0 || c.start >= this.cues[found].start)) found = i;
    }
    return found;
  }

  /** The cue to go to from `time` for previous (-1, the latest start before it) or next (+1, the earliest after it), in any order. */
  step(time: number, direction: -1 | 1): number {
    let found = -1;
    for (let i = 0; i < this.cues.length; i++) {
      const start = this.cues[i].start;
      if (direction > 0 ? start > time + 1e-3 && (found < 0 || start < this.cues[found].start) : start < time - 0.5 && (found < 0 || start >= this.cues[found].start)) found = i;
    }
    return found;
  }

  /** Whether the keyboard focus is on one of the list's cues. */
  hasFocus(): boolean {
    return this.root.contains(document.activeElement);
  }

  /** Puts the keyboard focus on a cue's row. */
  focus(index: number): void {
    this.rowAt(index)?.querySelector<HTMLElement>('.cue')?.focus({ preventScroll: true });
  }

  highlight(index: number, reveal = true): void {
    if (index === this.current) return;
    this.rowAt(this.current)?.classList.remove('current');
    this.rowAt(this.current)?.querySelector('.cue')?.setAttribute('aria-current', 'false');
    this.current = index;
    const row = this.rowAt(index);
    if (!row) return;
    row.classList.add('current');
    row.querySelector('.cue')?.setAttribute('aria-current', 'true');
    if (reveal) row.scrollIntoView({ block: 'nearest' });
  }

  /** Marks the piece being translated again (undefined: none). */
  setBusy(piece: number | undefined): void {
    this.busy = piece;
    const words = this.retranslateWords();
    if (!words) return;
    for (const button of this.root.querySelectorAll<HTMLButtonElement>('button.retranslate')) {
      const mine = Number(button.dataset.piece) === piece;
      button.disabled = piece !== undefined;
      button.textContent = mine ? words.translatingAgain : words.retranslate;
    }
  }

  private rowAt(index: number): HTMLElement | undefined {
    return index >= 0 ? (this.root.children[index] as HTMLElement | undefined) : undefined;
  }

  private row(cue: PreviewCue, index: number, firstOfPiece: boolean): HTMLLIElement {
    const li = document.createElement('li');
    li.dataset.index = String(index);
    const button = document.createElement('button');
    button.className = 'cue';
    button.type = 'button';
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = clock(cue.start);
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = cue.text;
    button.append(time, text);
    button.addEventListener('click', () => this.actions.choose(index));
    li.append(button);
    const words = this.retranslateWords();
    if (firstOfPiece && cue.piece !== undefined && words) {
      const again = document.createElement('button');
      again.className = 'retranslate';
      again.type = 'button';
      again.dataset.piece = String(cue.piece);
      again.title = fill(words.retranslateTitle, String(cue.piece + 1));
      again.textContent = this.busy === cue.piece ? words.translatingAgain : words.retranslate;
      again.disabled = this.busy !== undefined;
      const piece = cue.piece;
      again.addEventListener('click', () => this.actions.retranslate(piece));
      li.append(again);
    }
    return li;
  }
}

/** What a row shows, so that a row is built again only when it would look different. */
function rowKey(cue: PreviewCue, firstOfPiece: boolean, canRetranslate: boolean): string {
  const piece = firstOfPiece && canRetranslate && cue.piece !== undefined ? cue.piece : '';
  return `${cue.start}|${cue.text}|${piece}`;
}

/** A sentence of the extension's with `{0}` filled in. */
export function fill(sentence: string, value: string): string {
  return sentence.replace('{0}', value);
}

/** "01:05.2", or "1:01:05.2" past an hour. */
export function clock(seconds: number): string {
  const t = Math.max(0, seconds);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = (t % 60).toFixed(1).padStart(4, '0');
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(2, '0')}:${s}`;
}
