import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { videoExtensions } from '../../core/source/discover';
import { soundCopy } from '../../core/source/soundCopy';
import { isWebviewMessage, type HostMessage, type PreviewCue, type PreviewMedia, type SpeechChoice, type WebviewMessage } from '../../shared/previewProtocol';
import { Command } from '../commands/commandIds';
import type { Log } from '../log';
import { readSettings } from '../settings';
import { pairForSubtitles, type PreviewPair } from './findPair';
import { cueAtLine, previewCues } from './previewCues';
import { previewHtml } from './previewHtml';
import { previewStrings } from './previewStrings';

/** The panel's type, which the serializer restores after a reload. */
export const previewViewType = 'mediaTranslate.preview';

/** Typing pauses this long before the player shows the edit, so a burst of keys parses once. */
const editDebounceMs = 250;

/** The panel's tab title for a subtitle file. */
export function previewTitle(subtitles: string): string {
  return l10n.t('Preview {0}', path.basename(subtitles));
}

/** What a panel needs from the extension around it. */
export interface PanelContext {
  extensionUri: vscode.Uri;
  storageUri: vscode.Uri;
  log: Log;
}

/**
 * One Preview Translation panel: the player for one subtitle file, its source and its dub. It
 * sends the document's cues (from its text, so unsaved edits show), follows the cursor in the
 * editor, shows a cue in the editor when it is chosen in the player, and asks for a piece to be
 * translated again. Nothing is posted before the webview says `ready`.
 */
export class PreviewPanel implements vscode.Disposable {
  private ready = false;
  private closed = false;
  private cues: PreviewCue[] = [];
  private media: PreviewMedia;
  private time: number;
  private speech: SpeechChoice;
  private pair: PreviewPair;
  private editTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly copying = new AbortController();
  private readonly onDisposed = new vscode.EventEmitter<void>();
  readonly disposed = this.onDisposed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly ctx: PanelContext,
    readonly subtitles: vscode.Uri,
    restored: { time?: number; speech?: SpeechChoice } = {},
  ) {
    this.pair = pairForSubtitles(subtitles.fsPath);
    this.time = restored.time ?? 0;
    this.speech = restored.speech ?? 'original';
    this.media = this.describeMedia(undefined);
    const dist = vscode.Uri.joinPath(ctx.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: this.roots(dist) };
    panel.title = previewTitle(subtitles.fsPath);
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'icon.png');
    panel.webview.html = previewHtml(panel.webview, { script: vscode.Uri.joinPath(dist, 'preview.js'), style: vscode.Uri.joinPath(dist, 'preview.css') });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === subtitles.toString()) this.scheduleCues(e.document);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.followCursor(e)),
    );
    void this.loadCues();
    void this.prepareSound();
  }

  /** The record beside the subtitles, if any: what retranslating a piece rewrites. */
  get recordFile(): string | undefined {
    return this.pair.recordFile;
  }

  /** Tells the player that a piece is being translated again, or no longer (undefined). */
  busy(piece: number | undefined): void {
    this.post({ type: 'busy', piece });
    if (piece === undefined) {
      // The record and the dub were rewritten: read them again.
      this.pair = pairForSubtitles(this.subtitles.fsPath);
      this.dubVersion++;
      this.media = this.describeMedia(this.media.original ? this.originalUri : undefined);
      this.post({ type: 'media', media: this.media });
      void this.loadCues();
    }
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.copying.abort();
    clearTimeout(this.editTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDisposed.fire();
    this.onDisposed.dispose();
  }

  private originalUri: string | undefined;
  /** Counts rewrites of the dub track, so the player loads the new one instead of its cached copy. */
  private dubVersion = 0;
  /** The line this panel just put the editor's cursor on, so its echo does not seek the player. */
  private placedCursor: number | undefined;

  private roots(dist: vscode.Uri): vscode.Uri[] {
    const folders = new Set([path.dirname(this.subtitles.fsPath), ...(this.pair.media ? [path.dirname(this.pair.media)] : [])]);
    return [...[...folders].map((f) => vscode.Uri.file(f)), vscode.Uri.joinPath(this.ctx.storageUri, 'preview'), dist];
  }

  private post(m: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  private receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) return;
    const m: WebviewMessage = raw;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post({
          type: 'init',
          subtitles: this.subtitles.toString(),
          title: this.panel.title,
          media: this.media,
          cues: this.cues,
          time: this.time,
          speech: this.speech,
          canRetranslate: this.pair.record !== undefined,
          strings: previewStrings(),
        });
        return;
      case 'state':
        this.time = m.time;
        this.speech = m.speech;
        return;
      case 'cueChosen':
        void this.revealCue(m.index);
        return;
      case 'retranslate':
        if (this.pair.recordFile) void vscode.commands.executeCommand(Command.retranslatePiece, vscode.Uri.file(this.pair.recordFile), m.piece, { interactive: true });
        return;
      case 'problem':
        this.ctx.log.warn(m.message);
        return;
    }
  }

  private async loadCues(): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.subtitles);
    this.cues = previewCues(doc.getText(), formatOf(doc), this.pair.record);
    this.post({ type: 'cues', cues: this.cues });
  }

  private scheduleCues(doc: vscode.TextDocument): void {
    clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => {
      this.cues = previewCues(doc.getText(), formatOf(doc), this.pair.record);
      this.post({ type: 'cues', cues: this.cues });
    }, editDebounceMs);
  }

  private followCursor(e: vscode.TextEditorSelectionChangeEvent): void {
    // Only the person's own moves (keys, clicks, Go to Line): the ones this panel makes when a cue
    // is chosen in the player come back without a kind, and must not seek the player again.
    if (e.textEditor.document.uri.toString() !== this.subtitles.toString() || e.kind === undefined) return;
    const line = e.selections[0].active.line;
    if (line === this.placedCursor) {
      // The echo of the cursor this panel placed, whatever kind the host reports it as.
      this.placedCursor = undefined;
      return;
    }
    const index = cueAtLine(this.cues, line);
    if (index >= 0) this.post({ type: 'selectCue', index });
  }

  private async revealCue(index: number): Promise<void> {
    const cue = this.cues[index];
    if (!cue) return;
    const doc = await vscode.workspace.openTextDocument(this.subtitles);
    const shown = vscode.window.visibleTextEditors.find((ed) => ed.document === doc);
    const editor = shown ?? (await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: true }));
    const range = new vscode.Range(cue.line, 0, Math.min(cue.lastLine, doc.lineCount - 1), Number.MAX_SAFE_INTEGER);
    this.placedCursor = range.start.line;
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Makes the copy of the source's sound once, then tells the player it can play it. */
  private async prepareSound(): Promise<void> {
    const media = this.pair.media;
    if (!media) return;
    const settings = readSettings(this.subtitles);
    try {
      const copy = await soundCopy(media, path.join(this.ctx.storageUri.fsPath, 'preview'), {
        ffmpegPath: settings.ffmpegPath,
        signal: this.copying.signal,
      });
      this.originalUri = this.panel.webview.asWebviewUri(vscode.Uri.file(copy)).toString();
      this.media = this.describeMedia(this.originalUri);
      this.post({ type: 'media', media: this.media });
    } catch (e) {
      if (this.copying.signal.aborted) return;
      this.ctx.log.error(`The sound of ${path.basename(media)} could not be prepared for the preview`, e);
      const preparing = preparingNote(path.basename(media));
      this.media = { ...this.media, notes: [...this.media.notes.filter((n) => n !== preparing), l10n.t('{0} The translated speech and the subtitles still play.', (e as Error).message)] };
      this.post({ type: 'media', media: this.media });
    }
  }

  private describeMedia(original: string | undefined): PreviewMedia {
    const { media, dub } = this.pair;
    const webview = this.panel.webview;
    const notes: string[] = [];
    const name = media ? path.basename(media) : path.basename(this.subtitles.fsPath);
    if (!media) notes.push(l10n.t('No media file was found beside {0}: put the source next to it (same name) to see and hear it.', path.basename(this.subtitles.fsPath)));
    else if (!original) notes.push(preparingNote(name));
    if (!dub) notes.push(l10n.t('There is no translated speech for these subtitles: translate with speech on (Media Translate: Output Audio) to hear it here.'));
    const picture = media && videoExtensions.includes(path.extname(media).toLowerCase()) ? webview.asWebviewUri(vscode.Uri.file(media)).toString() : undefined;
    return {
      name,
      ...(picture ? { picture } : {}),
      ...(original ? { original } : {}),
      ...(dub ? { translated: `${webview.asWebviewUri(vscode.Uri.file(dub)).toString()}${this.dubVersion ? `?v=${this.dubVersion}` : ''}` } : {}),
      notes,
    };
  }
}

function formatOf(doc: vscode.TextDocument): 'srt' | 'vtt' {
  return doc.languageId === 'webvtt' || /\.vtt$/iu.test(doc.fileName) ? 'vtt' : 'srt';
}

/** The note shown while the source's sound is copied for the player. */
function preparingNote(name: string): string {
  return l10n.t('Preparing the original sound of {0} for the preview (made once, then kept)…', name);
}
