import { setMaxListeners } from 'node:events';
import * as fs from 'node:fs';
import { version } from '../../package.json';
import { autoCeiling } from './api/pacing';
import { requestOptionsOf } from './api/request';
import { TranslateError } from './errors';
import type { TranslateEvent } from './events';
import type { OutputFormat, TranslateJob } from './job';
import { checkOutputs } from './output/checkOutputs';
import { outputPathFor, planOutputs } from './output/outputPaths';
import { abortAll, commitTogether } from './output/outputSet';
import { OutputWriter } from './output/writeOutputs';
import type { RecordStart } from './record/buildRecord';
import { PieceCache } from './run/pieceCache';
import { runPieces } from './run/runPieces';
import { validateJob, type ValidJob } from './run/validateJob';
import { hashFile, trackKey } from './source/fileHash';
import { openSource, type SourceReader } from './source/openSource';
import type { MediaInfo } from './source/probe';
import { dubFits, exportVideo, pieceVideo, requirePicture, videoNote } from './run/videoParts';

export { clearCache } from './run/pieceCache';
export { translateUrl } from './run/translateUrl';

/**
 * Translates one media file: cuts it at pauses, sends the pieces several at a time, and puts the
 * answers back on the source's timeline as subtitles, text and a dub track.
 *
 * Events come out in source order while pieces run concurrently. Output files appear only when the
 * run succeeds. On abort it throws TranslateError('cancelled') after removing temporary files;
 * finished pieces stay in the cache so the next run resumes.
 */
export async function* translate(job: TranslateJob, signal?: AbortSignal): AsyncGenerator<TranslateEvent> {
  const valid = validateJob(job);
  const run = new AbortController();
  // Every piece in flight, the pacer and each retry wait listen to this one signal.
  setMaxListeners(Math.max(10, (valid.policy.concurrency === 'auto' ? autoCeiling : valid.policy.concurrency) * 4 + 8), run.signal);
  const onAbort = (): void => run.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) run.abort();
  const started = Date.now();
  let source: SourceReader | undefined;
  let writer: OutputWriter | undefined;
  // The error that stopped the run first: the pieces it stopped then fail as 'cancelled', and
  // whichever of them the reader meets first must not be what the person is told.
  const stop: { first?: unknown } = {};
  try {
    source = await openSource(valid.input, {
      ffmpegPath: valid.ffmpegPath,
      ffprobePath: valid.ffprobePath,
      segmentSeconds: valid.segmentSeconds,
      audioTrack: valid.audioTrack,
      signal: run.signal,
    });
    const outputs = planOutputs(valid.input, valid.targetLanguage, valid.formats, {
      outDir: valid.outDir,
      ifExists: valid.ifExists,
      exists: (p) => fs.existsSync(p),
    });
    await checkOutputs(outputs);
    requirePicture(valid, source.info);
    const video = pieceVideo(valid, source.info);
    yield { type: 'started', input: valid.input, info: source.info, outputs };
    if (source.trackNote) yield { type: 'note', level: 'info', message: source.trackNote, next: 'chooseAudioTrack' };
    if (video) yield { type: 'note', level: 'info', message: videoNote(valid.input, video), next: 'videoContextOff' };
    const sha256 = await hashFile(valid.input, run.signal);
    const cache = valid.cacheDir ? new PieceCache(valid.cacheDir, trackKey(sha256, source.info), { ...requestOptionsOf(valid), video: video !== undefined }) : undefined;
    writer = await OutputWriter.open(outputs, recordStart(valid, outputs, sha256, source.info, video !== undefined), {
      replace: valid.ifExists === 'overwrite',
      fit: { maxSpeed: valid.dubMaxSpeed, ffmpegPath: valid.ffmpegPath, signal: run.signal },
    });
    const summary = yield* runPieces(valid, source, cache, writer, { run, stop }, started, video);
    const problems = writer.trackProblems();
    if (problems) {
      summary.warnings.push(problems);
      yield { type: 'note', level: 'warn', message: problems };
    }
    const staged = await writer.stage(summary.totalUsage, summary.warnings);
    writer = undefined;
    try {
      // The video is made from the staged dub track and put in place with the rest: a failed or
      // cancelled export leaves no subtitles without it, and the same command then resumes.
      if (outputs.mp4 && staged.dubTemp) staged.files.push(yield* exportVideo(valid, staged.record, { video: outputs.mp4, wav: staged.dubTemp }, run.signal));
      await commitTogether(staged.files);
    } finally {
      // Also when the reader stops reading mid-export; a no-op for files already committed.
      await abortAll(staged.files);
    }
    summary.files = outputs;
    summary.dubFits = dubFits(staged.record);
    yield { type: 'done', summary };
  } catch (e) {
    await writer?.abort();
    // A piece's failure is recorded only while nothing else has stopped the run, so when there is
    // one it came before any cancel.
    if (stop.first !== undefined) throw stop.first;
    if (run.signal.aborted && signal?.aborted) throw new TranslateError('cancelled', `Translation of ${valid.input} was cancelled.`);
    throw e;
  } finally {
    run.abort();
    signal?.removeEventListener('abort', onAbort);
    await source?.close();
  }
}

/** What the run's record knows before the first piece: the source and every option that shapes the answer. */
function recordStart(job: ValidJob, outputs: Partial<Record<OutputFormat, string>>, sha256: string, info: MediaInfo, video: boolean): RecordStart {
  const sampling = Object.fromEntries(Object.entries(job.api.sampling).filter(([, v]) => v !== undefined)) as Record<string, number>;
  return {
    generator: `media-translate ${version}`,
    sourceFile: job.input,
    recordFile: outputs.json ?? outputPathFor(job.input, job.targetLanguage, 'json', job.outDir),
    source: { sha256, durationSeconds: info.durationSeconds, audioStream: info.audioTrack ?? 0 },
    options: {
      model: job.api.model,
      targetLanguage: job.targetLanguage,
      ...(job.sourceLanguage ? { sourceLanguage: job.sourceLanguage } : {}),
      ...(job.voice ? { voice: job.voice } : {}),
      sampling,
      segmentSeconds: job.segmentSeconds,
      subtitleProfile: job.subtitleProfile ?? 'netflix',
      ...(job.subtitleProfile === 'custom' && job.customLimits ? { customLimits: job.customLimits } : {}),
      ...(video ? { videoContext: true } : {}),
    },
  };
}
