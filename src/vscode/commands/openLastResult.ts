import * as fs from 'node:fs';
import * as vscode from 'vscode';
import * as msg from '../messages';
import type { Services } from '../services';

/** Open Last Result: shows the subtitles (or text) the last finished translation wrote. */
export function openLastResult(s: Services) {
  return async (): Promise<vscode.Uri | undefined> => {
    const file = s.firstRun.lastResult();
    if (!file) {
      void vscode.window.showInformationMessage(msg.noResultYet());
      return undefined;
    }
    if (!fs.existsSync(file)) {
      void vscode.window.showWarningMessage(msg.resultGone(file));
      return undefined;
    }
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Active, preview: false });
    s.firstRun.opened();
    return uri;
  };
}
