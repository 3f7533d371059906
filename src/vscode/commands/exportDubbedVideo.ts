import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TranslateError } from '../../core/errors';
import * as msg from '../messages';
import { showNotice } from '../notices';
import { cacheDir } from '../run/buildJob';
import { toAbortSignal } from '../run/toAbortSignal';
import type { Services } from '../services';
import { readSettings } from '../settings';

/**
 * Export Dubbed Video: writes `<stem>.<lang>.mp4` (or `.mkv`) from a translation record and its
 * source, with no request. Given a record it uses that one; given a video (from the explorer or its
 * preview) it uses the newest record beside it; given nothing it asks for a record. Resolves with
 * the video's path, or undefined when nothing was written.
 */
export function exportDubbedVideo(s: Services) {
  return async (target?: vscode.Uri): Promise<string | undefined> => {
    const uri = target ?? vscode.window.activeTextEditor?.document.uri ?? activeTabUri();
    const record = uri ? recordFor(uri.fsPath) : await askForRecord();
    if (!record) {
      if (uri) void vscode.window.showWarningMessage(msg.noRecordBeside(path.basename(uri.fsPath)));
      return undefined;
    }
    const settings = readSettings(vscode.Uri.file(record));
    const exists = outputFor(record);
    let force = false;
    if (exists && fs.existsSync(exists)) {
      const picked = await vscode.window.showWarningMessage(msg.outputsExist([path.basename(exists)]), { modal: true }, msg.overwrite());
      if (picked !== msg.overwrite()) return undefined;
      force = true;
    }
    try {
      const written = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, cancellable: true, title: msg.exporting(path.basename(exists ?? record)) },
        async (progress, token) => {
          const abort = toAbortSignal(token);
          let reported = 0;
          try {
            const { exportRecordVideo } = await import('../../core/export/exportRecord');
            return await exportRecordVideo(record, {
              mix: settings.exportMix,
              cacheDir: settings.cacheFinishedPieces ? cacheDir(s.context.globalStorageUri) : undefined,
              ffmpegPath: settings.ffmpegPath,
              ffprobePath: settings.ffprobePath,
              force,
              signal: abort.signal,
              onProgress: (fraction) => {
                // Increments add up to 100 however often ffmpeg reports.
                const percent = Math.floor(fraction * 100);
                if (percent <= reported) return;
                progress.report({ increment: percent - reported, message: `${percent}%` });
                reported = percent;
              },
            });
          } finally {
            abort.dispose();
          }
        },
      );
      s.log.info(`Exported ${written}`);
      // The message waits for a click; the command resolves now, with the file.
      void showNotice('info', msg.exported(path.basename(written)), [msg.revealInExplorer()]).then((picked) =>
        picked === msg.revealInExplorer() ? vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(written)) : undefined,
      );
      return written;
    } catch (e) {
      if (TranslateError.is(e, 'cancelled')) return undefined;
      s.log.error('Export Dubbed Video failed', e);
      const text = TranslateError.is(e) ? e.message : msg.exportFailed(path.basename(record));
      void showNotice('error', text);
      return undefined;
    }
  };
}

/** The record to export for a file: itself when it is one, else the newest `<stem>.<lang>.json` beside a video. */
function recordFor(file: string): string | undefined {
  if (/\.json$/i.test(file)) return file;
  const dir = path.dirname(file);
  const stem = path.basename(file, path.extname(file));
  const candidates = fs
    .readdirSync(dir)
    .filter((n) => n.startsWith(`${stem}.`) && /^\.[a-z]{2,3}\.json$/i.test(n.slice(stem.length)))
    .map((n) => path.join(dir, n))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return candidates[0];
}

/** Where the export of `record` will go, for the overwrite question; the core names it the same way. */
function outputFor(record: string): string | undefined {
  try {
    const source = (JSON.parse(fs.readFileSync(record, 'utf8')) as { source?: { path?: string } }).source?.path ?? '';
    const ext = /\.(mkv|webm)$/i.test(source) ? 'mkv' : 'mp4';
    return record.replace(/\.json$/i, `.${ext}`);
  } catch {
    // An unreadable record is reported by the export itself, with a sentence.
    return undefined;
  }
}

function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
}

async function askForRecord(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Translation record')]: ['json'] }, openLabel: msg.exportDubbedVideo() });
  return picked?.[0]?.fsPath;
}
