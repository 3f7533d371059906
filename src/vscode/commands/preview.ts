import * as path from 'node:path';
import * as vscode from 'vscode';
import { isMediaFile, skippedFolders } from '../../core/source/discover';
import type { Services } from '../services';
import { isSubtitleFile, pairForSubtitles, subtitlesForMedia } from '../preview/findPair';

/**
 * Preview Translation: with a subtitle or media file given (explorer, editor title, automation) or
 * in the active editor, opens its player beside it; otherwise offers the workspace's media that
 * have a translation beside them. Resolves with the subtitle file previewed, undefined when none.
 */
export function preview(s: Services) {
  return async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const file = arg instanceof vscode.Uri ? arg.fsPath : typeof arg === 'string' ? arg : activeFile();
    const subtitles = file ? await subtitlesFor(file) : await pickTranslated();
    if (!subtitles) return undefined;
    const uri = vscode.Uri.file(subtitles);
    if (!pairForSubtitles(subtitles).media) {
      void vscode.window.showWarningMessage(`No media file was found beside ${path.basename(subtitles)}; the preview shows its cues only. Put the source next to it with the same name to see and hear it.`);
    }
    // The subtitles stay (or come) in the first column, the player beside them.
    const open = vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === uri.fsPath);
    if (!open) await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    s.previews.open(uri);
    return uri;
  };
}

/** The file in the active editor: a text document, or a media file open in VS Code's own preview. */
function activeFile(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.uri.scheme === 'file' && (isSubtitleFile(doc.fileName) || isMediaFile(doc.fileName))) return doc.fileName;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.uri.scheme === 'file' && isMediaFile(input.uri.fsPath)) return input.uri.fsPath;
  return undefined;
}

/** The subtitles to preview for a file: itself, or for a media file the translation beside it (asking when there are several). */
async function subtitlesFor(file: string): Promise<string | undefined> {
  if (isSubtitleFile(file)) return file;
  const found = subtitlesForMedia(file);
  if (found.length === 0) {
    void vscode.window.showWarningMessage(`No translation of ${path.basename(file)} was found beside it. Run Media Translate: Translate Media on it first.`);
    return undefined;
  }
  if (found.length === 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((f) => ({ label: path.basename(f), file: f })),
    { title: `Preview Translation of ${path.basename(file)}`, placeHolder: 'Choose the subtitles to preview' },
  );
  return picked?.file;
}

/** A Quick Pick of the workspace's media that have subtitles beside them. */
async function pickTranslated(): Promise<string | undefined> {
  const exclude = `**/{${skippedFolders.join(',')}}/**`;
  const files = await vscode.workspace.findFiles('**/*.{srt,vtt}', exclude, 500);
  const items = files
    .map((u) => pairForSubtitles(u.fsPath))
    .filter((p) => p.media)
    .map((p) => ({ label: path.basename(p.media as string), description: path.basename(p.subtitles), detail: vscode.workspace.asRelativePath(path.dirname(p.subtitles)), file: p.subtitles }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No translated media was found in the workspace. Translate a file with Media Translate: Translate Media, then preview it.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Preview Translation', placeHolder: 'Choose a translated media file', matchOnDescription: true });
  return picked?.file;
}
