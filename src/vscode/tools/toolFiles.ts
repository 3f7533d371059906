import * as path from 'node:path';
import * as vscode from 'vscode';
import { mediaExtensions } from '../../core/source/discover';
import { formatOfFile } from '../../core/subtitles/subtitleFileName';
import * as msg from '../messages';

/**
 * The workspace file a model named, or a sentence saying why it cannot be used. A model writes
 * paths relative to the folder as often as absolute ones; either must end up inside an open
 * workspace folder, so that a tool call can never reach a file the person has not opened.
 */
export function workspaceFile(name: unknown): vscode.Uri | string {
  const given = typeof name === 'string' ? name.trim() : '';
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!given || folders.length === 0) return msg.toolNotInWorkspace(given || '(no file)');
  const uri = path.isAbsolute(given) ? vscode.Uri.file(given) : vscode.Uri.joinPath(folders[0].uri, given);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return msg.toolNotInWorkspace(given);
  const relative = path.relative(folder.uri.fsPath, uri.fsPath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return msg.toolNotInWorkspace(given);
  return uri;
}

/** The media file a model named, or why it is not one. */
export function mediaFile(name: unknown): vscode.Uri | string {
  const uri = workspaceFile(name);
  if (typeof uri === 'string') return uri;
  return mediaExtensions.includes(path.extname(uri.fsPath).toLowerCase()) ? uri : msg.toolNotMedia(vscode.workspace.asRelativePath(uri));
}

/** The subtitle file a model named, or why it is not one. */
export function subtitleFile(name: unknown): vscode.Uri | string {
  const uri = workspaceFile(name);
  if (typeof uri === 'string') return uri;
  return formatOfFile(uri.path) ? uri : msg.toolNotSubtitles(vscode.workspace.asRelativePath(uri));
}

/** A tool's answer: plain text for the model. */
export function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}
