import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PreviewState } from '../../shared/previewProtocol';
import { PreviewPanel, previewTitle, previewViewType, type PanelContext } from './previewPanel';

/** The open Preview Translation panels, one per subtitle file, and their restoring after a reload. */
export class PreviewPanels implements vscode.Disposable {
  private readonly panels = new Map<string, PreviewPanel>();

  constructor(private readonly ctx: PanelContext) {}

  /** Shows the panel for `subtitles` beside the editor, opening it when there is none yet. */
  open(subtitles: vscode.Uri): PreviewPanel {
    const open = this.panels.get(subtitles.toString());
    if (open) {
      open.panel.reveal(vscode.ViewColumn.Beside, true);
      return open;
    }
    const panel = vscode.window.createWebviewPanel(previewViewType, previewTitle(subtitles.fsPath), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [],
    });
    return this.track(new PreviewPanel(panel, this.ctx, subtitles));
  }

  /** Restores a panel VS Code kept over a reload, from the state its webview saved. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const s = state as Partial<PreviewState> | undefined;
    if (!s || typeof s.subtitles !== 'string') {
      panel.dispose();
      return;
    }
    const uri = vscode.Uri.parse(s.subtitles);
    this.panels.get(uri.toString())?.dispose();
    this.track(new PreviewPanel(panel, this.ctx, uri, { time: typeof s.time === 'number' ? s.time : 0, speech: s.speech === 'translated' ? 'translated' : 'original' }));
  }

  /** The panels showing subtitles of this record, for telling them about a retranslation. */
  forRecord(recordFile: string): PreviewPanel[] {
    return [...this.panels.values()].filter((p) => p.recordFile && path.resolve(p.recordFile) === path.resolve(recordFile));
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }

  private track(panel: PreviewPanel): PreviewPanel {
    const key = panel.subtitles.toString();
    this.panels.set(key, panel);
    panel.disposed(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    return panel;
  }
}
