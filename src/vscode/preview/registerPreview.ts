import * as vscode from 'vscode';
import { previewViewType } from './previewPanel';
import type { PreviewPanels } from './previewPanels';
import { isSubtitleFile, pairForSubtitles } from './findPair';
import { RetranslateLens } from './retranslateLens';

/** The context key that is true when the active editor holds subtitles with their media beside them. */
export const hasMediaContext = 'mediaTranslate.subtitlesHaveMedia';

/** The serializer that brings players back after a reload, the code lens, and the editor-title key. */
export function registerPreview(panels: PreviewPanels): vscode.Disposable[] {
  const update = (editor: vscode.TextEditor | undefined): void => {
    const file = editor?.document.uri.scheme === 'file' ? editor.document.fileName : undefined;
    const has = file !== undefined && isSubtitleFile(file) && pairForSubtitles(file).media !== undefined;
    void vscode.commands.executeCommand('setContext', hasMediaContext, has);
  };
  update(vscode.window.activeTextEditor);
  return [
    vscode.window.registerWebviewPanelSerializer(previewViewType, {
      deserializeWebviewPanel: async (panel, state) => panels.restore(panel, state),
    }),
    vscode.languages.registerCodeLensProvider([{ language: 'srt', scheme: 'file' }, { language: 'webvtt', scheme: 'file' }], new RetranslateLens()),
    vscode.window.onDidChangeActiveTextEditor(update),
  ];
}
