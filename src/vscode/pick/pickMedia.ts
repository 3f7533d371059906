import * as path from 'node:path';
import * as vscode from 'vscode';
import { languages } from '../../core/options/languages';
import { isMediaFile, listMediaFiles, mediaExtensions, skippedFolders } from '../../core/source/discover';
import * as msg from '../messages';

/** Most files offered in the Quick Pick; a larger workspace can still use "Browse…". */
const maxFiles = 500;

/** Dub tracks this extension wrote (`talk.en.wav`): media, but not something to translate again. */
const ownOutput = new RegExp(`\\.(${languages.map((l) => l.code).join('|')})\\.wav$`, 'i');

type MediaItem = vscode.QuickPickItem & { file?: string };

/**
 * Asks which media to translate. With a folder open: a Quick Pick of the workspace's media, newest
 * first, then "Browse…" last; with no folder: the file dialog. Undefined when the person cancels.
 */
export async function pickMedia(): Promise<string[] | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return browse();
  const files = await workspaceMedia();
  const browseItem: MediaItem = { label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, description: vscode.l10n.t('Choose a file anywhere'), alwaysShow: true };
  // The newest file comes first, so Enter translates what was most likely just recorded.
  const items: MediaItem[] = files.map(toItem);
  if (files.length > 0) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push(browseItem);
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Translate Media'),
    placeHolder: files.length > 0 ? vscode.l10n.t('Choose a media file to translate (newest first)') : msg.noMediaFound(),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  return picked.file ? [picked.file] : browse();
}

/**
 * The media files behind what was clicked in the explorer: files as they are, folders expanded to
 * every media file inside (except dub tracks this extension wrote). Only files on disk (local, or the remote machine's) can be translated.
 */
export async function resolveTargets(uris: readonly vscode.Uri[]): Promise<{ files: string[]; skipped: string[] }> {
  const files: string[] = [];
  const skipped: string[] = [];
  for (const uri of uris) {
    if (uri.scheme !== 'file') {
      skipped.push(msg.onlyLocalFiles(path.basename(uri.path)));
      continue;
    }
    const stat = await vscode.workspace.fs.stat(uri).then(
      (s) => s,
      () => undefined,
    );
    if (stat && stat.type & vscode.FileType.Directory) {
      files.push(...(await listMediaFiles(uri.fsPath)).filter((f) => !ownOutput.test(f)));
    } else {
      // Missing files and non-media names go to the engine, which says clearly what is wrong.
      files.push(uri.fsPath);
    }
  }
  return { files: [...new Set(files)], skipped };
}

async function browse(): Promise<string[] | undefined> {
  const uris = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Translate Media'),
    openLabel: vscode.l10n.t('Translate'),
    canSelectMany: true,
    filters: { [vscode.l10n.t('Audio and video')]: mediaExtensions.map((e) => e.slice(1)), [vscode.l10n.t('All files')]: ['*'] },
  });
  return uris?.map((u) => u.fsPath);
}

interface Found {
  uri: vscode.Uri;
  size: number;
  mtime: number;
}

async function workspaceMedia(): Promise<Found[]> {
  const include = `**/*.{${mediaExtensions.map((e) => caseless(e.slice(1))).join(',')}}`;
  const exclude = `**/{${skippedFolders.join(',')}}/**`;
  const uris = await vscode.workspace.findFiles(include, exclude, maxFiles * 2);
  const candidates = uris.filter((u) => isMediaFile(u.fsPath) && !ownOutput.test(u.fsPath)).slice(0, maxFiles);
  const found = await Promise.all(
    candidates.map(async (uri) => {
      const stat = await vscode.workspace.fs.stat(uri).then(
        (s) => s,
        () => undefined,
      );
      return stat ? { uri, size: stat.size, mtime: stat.mtime } : undefined;
    }),
  );
  return found.filter((f): f is Found => f !== undefined).sort((a, b) => b.mtime - a.mtime);
}

function toItem(f: Found): MediaItem {
  return {
    label: `$(file-media) ${path.basename(f.uri.fsPath)}`,
    description: folderOf(f.uri),
    detail: vscode.l10n.t('{0} · modified {1}', size(f.size), new Date(f.mtime).toLocaleString(vscode.env.language)),
    file: f.uri.fsPath,
  };
}

/**
 * The file's folder relative to its workspace folder, or undefined at a root. In a multi-root
 * workspace the root's name leads, so equal paths in two roots stay apart.
 */
function folderOf(uri: vscode.Uri): string | undefined {
  const root = vscode.workspace.getWorkspaceFolder(uri);
  if (!root) return path.dirname(uri.fsPath);
  const relative = path.posix.dirname(path.posix.relative(root.uri.path, uri.path));
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  if (relative === '.') return multiRoot ? root.name : undefined;
  return multiRoot ? `${root.name}/${relative}` : relative;
}

/** `mp4` → `[mM][pP]4`, because glob patterns match case-sensitively on most file systems. */
function caseless(ext: string): string {
  return [...ext].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
