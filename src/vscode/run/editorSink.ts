import * as vscode from 'vscode';
import type { RunSummary, TranslateEvent } from '../../core/events';
import type { OutputFormat } from '../../core/job';
import type { Cue } from '../../core/subtitles/cue';
import { srtBlocks } from '../../core/subtitles/srt';
import type { OpenAfter, OpenIn } from '../settings';
import type { LiveDocuments } from './liveDocuments';
import type { Sink } from './sink';

/** The live tab is refreshed at most this often. */
const throttleMs = 400;

/**
 * Each refresh sends the whole text to the editor, and the editor's window and the extension
 * host's thread both work through it; so as the tab grows its refreshes are spaced out, keeping
 * what they send each second near this many characters.
 */
const refreshCharsPerSecond = 100_000;

/**
 * Opens the subtitles (or the text) in an editor tab as soon as the first words exist and lets the
 * tab grow as the translation arrives. The tab is a read-only virtual document; when the run ends
 * the real written file replaces it, and when the run stops early the tab is closed.
 */
export class EditorSink implements Sink {
  /**
   * The tab's text so far, grown by each finished piece rather than formatted whole again on every
   * refresh, which on a long file held up the extension host's thread: the SubRip blocks (and how
   * many are numbered), or the finished pieces' text.
   */
  private srt = '';
  private numbered = 0;
  private doneText = '';
  private current = '';
  private uri: vscode.Uri | undefined;
  private opening: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private summary: RunSummary | undefined;
  /** Keeps the live tab scrolled to the newest cue while it grows. */
  private follow: vscode.Disposable | undefined;

  /**
   * @param fileName The name the tab shows while growing, e.g. `interview.en.srt`.
   * @param mode `srt` shows cues, `txt` shows text as it streams, `none` opens nothing.
   */
  constructor(
    private readonly live: LiveDocuments,
    private readonly mode: OpenAfter,
    private readonly fileName: string,
    private readonly openIn: OpenIn = 'active',
  ) {}

  handle(ev: TranslateEvent): void {
    if (this.mode === 'none') return;
    switch (ev.type) {
      case 'textDelta':
        if (this.mode !== 'txt') return;
        this.current += ev.text;
        this.changed(this.current.trim().length > 0);
        return;
      case 'pieceRetry':
        this.current = '';
        return;
      case 'pieceDone':
        this.add(ev.cues, ev.text);
        this.current = '';
        this.changed(this.mode === 'srt' ? this.numbered > 0 : this.doneText.length > 0);
        return;
      case 'done':
        this.summary = ev.summary;
        return;
      default:
        return;
    }
  }

  /**
   * On success, shows the written file and closes the live tab, so one copy remains: where the file
   * is already open, it is revealed there; else it takes the live tab's place. On cancel or failure
   * the live tab is closed and its text dropped, because part-finished cues under a "(translating)"
   * name would look like a result.
   */
  async end(error: unknown): Promise<void> {
    this.flush();
    await this.opening;
    const file = error === undefined && this.summary ? pickFile(this.summary.files, this.mode) : undefined;
    if (this.mode === 'none' || !file) return this.closeLive();
    const uri = vscode.Uri.file(file);
    const column = findTab(uri)?.group.viewColumn ?? (this.uri ? findTab(this.uri) : undefined)?.group.viewColumn ?? this.column();
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false, preserveFocus: true });
    await this.closeLive();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.follow?.dispose();
  }

  /** The group results open in: the active one, or beside it when the setting says so and something is open. */
  private column(): vscode.ViewColumn {
    if (this.openIn === 'beside' && vscode.window.tabGroups.activeTabGroup.activeTab) return vscode.ViewColumn.Beside;
    return vscode.ViewColumn.Active;
  }

  private async closeLive(): Promise<void> {
    this.follow?.dispose();
    this.follow = undefined;
    if (!this.uri) return;
    const tab = findTab(this.uri);
    if (tab) await vscode.window.tabGroups.close(tab, true);
    this.live.drop(this.uri);
  }

  private changed(hasContent: boolean): void {
    if (!hasContent) return;
    if (!this.uri) {
      this.uri = this.live.create(this.fileName);
      this.live.update(this.uri, this.render());
      this.opening = this.open(this.uri);
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), Math.max(throttleMs, (this.render().length / refreshCharsPerSecond) * 1000));
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.uri) this.live.update(this.uri, this.render());
  }

  private async open(uri: vscode.Uri): Promise<void> {
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: this.column(), preview: false, preserveFocus: true });
      this.follow = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === uri.toString()) revealEnd(uri, editor.viewColumn);
      });
    } catch {
      // The live tab is a convenience; the written files are what matter.
    }
  }

  private add(cues: readonly Cue[], text: string): void {
    if (this.mode === 'srt') {
      // The engine's own SubRip writer, so the tab shows the cues as the file will hold them.
      const blocks = srtBlocks(cues, this.numbered + 1);
      if (blocks.length === 0) return;
      this.srt += `${this.srt ? '\n' : ''}${blocks.join('\n')}`;
      this.numbered += blocks.length;
      return;
    }
    if (text) this.doneText += `${this.doneText ? '\n\n' : ''}${text}`;
  }

  private render(): string {
    if (this.mode === 'srt') return this.srt;
    const done = this.doneText;
    return this.current ? `${done}${done ? '\n\n' : ''}${this.current}` : done;
  }
}

/** The file to show for a mode, falling back to whatever text output was written. */
function pickFile(files: Partial<Record<OutputFormat, string>>, mode: OpenAfter): string | undefined {
  return mode === 'txt' ? (files.txt ?? files.srt ?? files.vtt) : (files.srt ?? files.vtt ?? files.txt);
}

function findTab(uri: vscode.Uri): vscode.Tab | undefined {
  const wanted = uri.toString();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === wanted) return tab;
    }
  }
  return undefined;
}

/**
 * Scrolls the live tab in `column` to its last line, so the newest cue is in view as the tab grows.
 * The cursor is left where it is: the tab is read-only, and the person may be reading further up.
 */
function revealEnd(uri: vscode.Uri, column: vscode.ViewColumn | undefined): void {
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor.document.uri.toString() !== uri.toString() || (column !== undefined && editor.viewColumn !== column)) continue;
    const last = editor.document.lineCount - 1;
    editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.Default);
  }
}
