import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveBaseUrl } from '../../core/api/baseUrl';
import { formatSpan } from '../../core/timeline';
import { TranslateError } from '../../core/errors';
import type { RunSummary } from '../../core/events';
import type { RetranslateJob } from '../../core/run/retranslate';
import { writtenUris } from './automation';
import { cacheDir } from '../run/buildJob';
import { retranslateLazily } from '../run/engine';
import { toAbortSignal } from '../run/toAbortSignal';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { showFailure } from '../showFailure';
import { isSubtitleFile, pairForSubtitles } from '../preview/findPair';
import { cueAtLine, previewCues } from '../preview/previewCues';

/**
 * Retranslate Piece: `(recordUri, pieceIndex)` from automation (resolves with the files rewritten,
 * rejects on failure), the code lens and the player (which add `{ interactive: true }`, so failures
 * become messages), or the palette (the piece under the cursor in a subtitle file).
 */
export function retranslatePiece(s: Services) {
  return async (recordArg?: unknown, pieceArg?: unknown, how?: { interactive?: boolean }): Promise<vscode.Uri[] | undefined> => {
    const automated = recordArg !== undefined && how?.interactive !== true;
    const target = recordArg instanceof vscode.Uri && Number.isInteger(pieceArg) ? { recordFile: recordArg.fsPath, piece: pieceArg as number } : pieceUnderCursor();
    if (!target) {
      const message = 'Put the cursor on a cue of a subtitle file that has its translation record (<name>.<language>.json) beside it, then run Retranslate Piece again.';
      if (automated) throw new TranslateError('badOption', message);
      void vscode.window.showInformationMessage(message);
      return undefined;
    }
    const settings = readSettings(vscode.Uri.file(target.recordFile));
    try {
      await saveSubtitlesOf(target.recordFile);
      const apiKey = automated ? ((await s.keys.get(settings.region)) ?? '') : await s.keys.getOrAsk(settings.region);
      if (!apiKey) return undefined;
      s.log.protect(apiKey);
      const job: RetranslateJob = {
        recordFile: target.recordFile,
        pieceIndex: target.piece,
        api: { apiKey, baseUrl: resolveBaseUrl({ baseUrl: settings.baseUrl, region: settings.region }) },
        policy: {
          concurrency: 1,
          maxRetries: settings.maxRetries,
          stallSeconds: settings.stallTimeoutSeconds,
          requestsPerMinute: settings.requestsPerMinute,
          tokensPerMinute: settings.tokensPerMinute,
        },
        ffmpegPath: settings.ffmpegPath,
        ffprobePath: settings.ffprobePath,
        cacheDir: settings.cacheFinishedPieces ? cacheDir(s.context.globalStorageUri) : undefined,
      };
      const summary = await run(s, job);
      if (!automated) void showDone(summary);
      return writtenUris(summary);
    } catch (e) {
      s.log.error(`Retranslating piece ${target.piece + 1} of ${path.basename(target.recordFile)} failed`, e);
      if (automated) throw e;
      void showFailure(s, e, { name: path.basename(target.recordFile), settings });
      return undefined;
    }
  };
}

/** Runs the engine under a cancellable notification, telling the open players which piece is busy. */
function run(s: Services, job: RetranslateJob): Promise<RunSummary> {
  const panels = s.previews.forRecord(job.recordFile);
  const title = `Translating piece ${job.pieceIndex + 1} of ${path.basename(job.recordFile)} again`;
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, cancellable: true, title }, async (progress, token) => {
      const abort = toAbortSignal(token);
      const registration = s.runs.add(abort);
      for (const p of panels) p.busy(job.pieceIndex);
      try {
        let summary: RunSummary | undefined;
        for await (const ev of retranslateLazily(job, abort.signal)) {
          if (ev.type === 'pieceStarted') progress.report({ message: formatSpan(ev.piece) });
          else if (ev.type === 'note' && ev.level === 'warn') s.log.warn(ev.message);
          else if (ev.type === 'note') s.log.info(ev.message);
          else if (ev.type === 'pieceRetry') s.log.info(ev.reason);
          else if (ev.type === 'done') summary = ev.summary;
        }
        if (!summary) throw new Error('The engine ended without reporting what it wrote.');
        return summary;
      } finally {
        for (const p of panels) p.busy(undefined);
        registration.dispose();
        abort.dispose();
      }
    }),
  );
}

/** The piece of the cue under the cursor, when the active editor holds subtitles with a record beside them. */
function pieceUnderCursor(): { recordFile: string; piece: number } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isSubtitleFile(editor.document.fileName)) return undefined;
  const pair = pairForSubtitles(editor.document.fileName);
  if (!pair.record || !pair.recordFile) return undefined;
  const cues = previewCues(editor.document.getText(), /\.vtt$/iu.test(editor.document.fileName) ? 'vtt' : 'srt', pair.record);
  const cue = cues[Math.max(0, cueAtLine(cues, editor.selection.active.line))];
  return cue?.piece === undefined ? undefined : { recordFile: pair.recordFile, piece: cue.piece };
}

/** Saves unsaved edits of the record's subtitle files first, so the retranslation keeps them. */
async function saveSubtitlesOf(recordFile: string): Promise<void> {
  const base = recordFile.replace(/\.json$/iu, '');
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && (doc.fileName === `${base}.srt` || doc.fileName === `${base}.vtt`)) await doc.save();
  }
}

async function showDone(summary: RunSummary): Promise<void> {
  const names = Object.values(summary.files).filter((f): f is string => typeof f === 'string').map((f) => path.basename(f));
  const text = `The piece was translated again in ${names.join(', ')}; every other cue is unchanged.`;
  if (summary.warnings.length > 0) await vscode.window.showWarningMessage(`${text} ${summary.warnings.join(' ')}`);
  else await vscode.window.showInformationMessage(text);
}
