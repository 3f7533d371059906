import * as vscode from 'vscode';

/**
 * Read-only virtual documents on the `media-translate-live:` scheme that show a translation while it
 * grows. Each run gets its own URI; the text is dropped when its document is closed.
 */
export class LiveDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'media-translate-live';

  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly closeListener: vscode.Disposable;
  private next = 1;

  readonly onDidChange = this.changed.event;

  constructor() {
    this.closeListener = vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === LiveDocuments.scheme) this.texts.delete(doc.uri.toString());
    });
  }

  /** A new live document named like the file it previews, e.g. `interview.en (translating).srt`. */
  create(fileName: string): vscode.Uri {
    const dot = fileName.lastIndexOf('.');
    const shown = dot > 0 ? vscode.l10n.t('{0} (translating){1}', fileName.slice(0, dot), fileName.slice(dot)) : vscode.l10n.t('{0} (translating)', fileName);
    const uri = vscode.Uri.from({ scheme: LiveDocuments.scheme, path: `/${shown}`, query: `run=${this.next++}` });
    this.texts.set(uri.toString(), '');
    return uri;
  }

  /** Replaces the document's text and tells VS Code to read it again. */
  update(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  /**
   * Forgets a run's text, for a tab closed without a result. VS Code keeps a closed document for a
   * while, so it is told to read it again and finds it empty.
   */
  drop(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.closeListener.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}
