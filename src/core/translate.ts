import { setMaxListeners } from 'node:events';
import * as fs from 'node:fs';
import { requestOptionsOf } from './api/request';
import { clock } from './api/sentence';
import { TranslateError } from './errors';
import type { RunSummary, TranslateEvent } from './events';
import type { TranslateJob } from './job';
import { Mailbox } from './mailbox';
import { OutputWriter } from './output/writeOutputs';
import { outputPathFor, planOutputs } from './output/outputPaths';
import type { RecordStart } from './record/buildRecord';
import type { OutputFormat } from './job';
import { version } from '../../package.json';
import { PieceCache } from './pieceCache';
import { speechOf, type PieceResult } from './pieceResult';
import { hashFile } from './source/fileHash';
import { requestSetup } from './run/requestSetup';
import { openSource, type SourceReader } from './source/openSource';
import type { Piece } from './source/piece';
import { translatePiece } from './translatePiece';
import { addUsage, emptyUsage, type Usage } from './usage';
import { validateJob, type ValidJob } from './validateJob';

export { clearCache } from './pieceCache';
export { translateUrl } from './translateUrl';

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
  setMaxListeners(Math.max(10, valid.policy.concurrency * 4 + 8), run.signal);
  const onAbort = (): void => run.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) run.abort();
  const started = Date.now();
  let source: SourceReader | undefined;
  let writer: OutputWriter | undefined;
  try {
    source = await openSource(valid.input, {
      ffmpegPath: valid.ffmpegPath,
      ffprobePath: valid.ffprobePath,
      segmentSeconds: valid.segmentSeconds,
      signal: run.signal,
    });
    const outputs = planOutputs(valid.input, valid.targetLanguage, valid.formats, {
      outDir: valid.outDir,
      ifExists: valid.ifExists,
      exists: (p) => fs.existsSync(p),
    });
    yield { type: 'started', input: valid.input, info: source.info, outputs };
    const sha256 = await hashFile(valid.input, run.signal);
    const cache = valid.cacheDir ? new PieceCache(valid.cacheDir, sha256, requestOptionsOf(valid)) : undefined;
    writer = await OutputWriter.open(outputs, recordStart(valid, outputs, sha256, source.info.durationSeconds));
    const summary = yield* runPieces(valid, source, cache, writer, run, started);
    const problems = writer.trackProblems();
    if (problems) {
      summary.warnings.push(problems);
      yield { type: 'note', level: 'warn', message: problems };
    }
    await writer.finish(summary.totalUsage, summary.warnings);
    summary.files = outputs;
    writer = undefined;
    yield { type: 'done', summary };
  } catch (e) {
    await writer?.abort();
    if (run.signal.aborted && signal?.aborted) throw new TranslateError('cancelled', `Translation of ${valid.input} was cancelled.`);
    throw e;
  } finally {
    run.abort();
    signal?.removeEventListener('abort', onAbort);
    await source?.close();
  }
}

/** Runs every piece through the API (or the cache) and feeds the results to the writer in order. */
async function* runPieces(
  job: ValidJob,
  source: SourceReader,
  cache: PieceCache | undefined,
  writer: OutputWriter,
  run: AbortController,
  started: number,
): AsyncGenerator<TranslateEvent, RunSummary & { totalUsage: Usage }> {
  const { client, pacer } = requestSetup(job);
  const boxes: Mailbox<TranslateEvent>[] = [];
  const results: Promise<PieceResult>[] = [];
  const cut: Piece[] = [];
  const stats = { requests: 0, retries: 0, fromCache: 0 };
  let head = 0;
  let cutting = true;
  let resumeAnnounced = false;
  // Wakes the reader when a new piece (or the end of the source) arrives, and the scheduler when
  // the reader moves on, so at most `window` pieces are ever held in memory.
  let wakeReader: (() => void) | undefined;
  let wakeScheduler: (() => void) | undefined;
  const window = job.policy.concurrency * 2 + 2;

  const runOne = async (piece: Piece, box: Mailbox<TranslateEvent>): Promise<PieceResult> => {
    try {
      const cached = await cache?.get(piece);
      box.push({ type: 'pieceStarted', piece, cached: cached !== undefined });
      if (cached) {
        for (const part of cached.parts) box.push({ type: 'textDelta', index: piece.index, text: part.text });
        box.close();
        return cached;
      }
      const result = await translatePiece(piece.index, piece, {
        client,
        job,
        pacer,
        readPcm: (span) => source.readPcm(span),
        signal: run.signal,
        emit: (ev) => box.push(ev),
        discardDeltas: () => box.discard((ev) => ev.type === 'textDelta' || ev.type === 'audioChunk'),
        onRequest: () => stats.requests++,
      });
      await cache?.put(piece, result);
      shareQueuedSpeech(box, piece.index, result);
      box.close();
      return result;
    } catch (e) {
      // The first failure stops every other piece; finished ones are already in the cache.
      run.abort();
      box.fail(e);
      throw e;
    }
  };

  const schedule = (async (): Promise<void> => {
    for await (const piece of source.pieces) {
      while (piece.index >= head + window) await new Promise<void>((r) => (wakeScheduler = r));
      const box = new Mailbox<TranslateEvent>();
      boxes[piece.index] = box;
      cut[piece.index] = piece;
      results[piece.index] = runOne(piece, box);
      results[piece.index].catch(() => undefined);
      wakeReader?.();
    }
  })();
  schedule
    .catch(() => undefined)
    .finally(() => {
      cutting = false;
      wakeReader?.();
    });

  let usage = emptyUsage();
  let totalUsage = emptyUsage();
  const warnings: string[] = [];
  let plannedFinal = false;
  for (;;) {
    while (boxes[head] === undefined && cutting) {
      await new Promise<void>((r) => (wakeReader = r));
    }
    if (boxes[head] === undefined) {
      await schedule; // Rethrows a decode error.
      break;
    }
    for await (const ev of boxes[head].drain()) {
      if (ev.type === 'pieceStarted' && ev.cached && !resumeAnnounced) {
        // Said once, so the user knows why this run is quicker (and cheaper) than the last one.
        resumeAnnounced = true;
        yield { type: 'note', level: 'info', message: 'Resuming: pieces finished by an earlier run come from the cache instead of being sent again.' };
      }
      if (ev.type === 'note' && ev.level === 'warn') warnings.push(ev.message);
      yield ev;
    }
    const result = await results[head];
    const piece = cut[head];
    head++;
    wakeScheduler?.();
    stats.retries += result.retries;
    if (result.requests === 0) stats.fromCache++;
    // Only tokens spent by this run count: a cached piece cost nothing now.
    if (result.requests > 0) usage = addUsage(usage, result.usage);
    totalUsage = addUsage(totalUsage, result.usage);
    const cues = await writer.add(piece.index, result);
    // The piece is on disk now: let its speech and events go, so memory stays flat over hours.
    delete boxes[head - 1];
    delete results[head - 1];
    delete cut[head - 1];
    // Progress follows the source's timeline, which is known from the start; the piece count
    // is final only once the whole source has been cut.
    const last = result.parts[result.parts.length - 1].span;
    yield {
      type: 'pieceDone',
      piece,
      text: result.parts.map((p) => p.text).join(' ').trim(),
      cues,
      usage: result.usage,
      cached: result.requests === 0,
    };
    yield { type: 'usage', usage };
    if (!cutting && !plannedFinal) {
      plannedFinal = true;
      yield { type: 'planned', pieces: boxes.length, final: true };
      yield* shortDecodeNote(job.input, source, warnings);
    }
    yield {
      type: 'progress',
      done: head,
      total: cutting ? Math.max(boxes.length, head) : boxes.length,
      totalKnown: !cutting,
      fraction: !cutting && head === boxes.length ? 1 : Math.min(1, last.end / Math.max(source.info.durationSeconds, 1e-9)),
      elapsedMs: Date.now() - started,
    };
  }
  if (!plannedFinal) yield* shortDecodeNote(job.input, source, warnings);
  if (head === 0 && !job.allowEmpty) {
    throw new TranslateError('noSpeech', `No speech was found in ${job.input}.`);
  }
  return {
    input: job.input,
    durationSeconds: source.info.durationSeconds,
    pieces: head,
    piecesFromCache: stats.fromCache,
    requests: stats.requests,
    retries: stats.retries,
    usage,
    totalUsage,
    elapsedMs: Date.now() - started,
    files: {},
    warnings,
  };
}

/** What the run's record knows before the first piece: the source and every option that shapes the answer. */
function recordStart(job: ValidJob, outputs: Partial<Record<OutputFormat, string>>, sha256: string, durationSeconds: number): RecordStart {
  const sampling = Object.fromEntries(Object.entries(job.api.sampling).filter(([, v]) => v !== undefined)) as Record<string, number>;
  return {
    generator: `media-translate ${version}`,
    sourceFile: job.input,
    recordFile: outputs.json ?? outputPathFor(job.input, job.targetLanguage, 'json', job.outDir),
    source: { sha256, durationSeconds, audioStream: 0 },
    options: {
      model: job.api.model,
      targetLanguage: job.targetLanguage,
      ...(job.sourceLanguage ? { sourceLanguage: job.sourceLanguage } : {}),
      ...(job.voice ? { voice: job.voice } : {}),
      sampling,
      segmentSeconds: job.segmentSeconds,
      subtitleProfile: job.subtitleProfile ?? 'netflix',
      ...(job.subtitleProfile === 'custom' && job.customLimits ? { customLimits: job.customLimits } : {}),
    },
  };
}

/**
 * A warning when the decoder stopped well before the length the file states: a file cut short
 * (a download stopped half-way, say) can decode its first part without any error, and the run
 * would otherwise succeed with half the subtitles and no word of why. Small gaps are normal
 * (durations estimated from the bitrate, a video track that outlasts the audio). Yields the note,
 * if any, and adds it to the run's `warnings`.
 */
function* shortDecodeNote(file: string, source: SourceReader, warnings: string[]): Generator<TranslateEvent> {
  const stated = source.info.durationSeconds;
  const decoded = source.decodedSeconds();
  if (!(stated > 0) || stated - decoded < Math.max(2, stated * 0.1)) return;
  const message =
    `Only ${clock(decoded)} of audio could be decoded from ${file}, which says it lasts ${clock(stated)}: ` +
    `the file may be cut short or damaged. The outputs cover the first ${clock(decoded)}.`;
  warnings.push(message);
  yield { type: 'note', level: 'warn', message };
}

/**
 * Lets a finished piece's undelivered speech events point into its result's buffer, as one event,
 * instead of keeping every slice the stream brought: a piece that waits for an earlier one to be
 * written would otherwise hold its speech twice (about 22 MB more at the peak of two hours at
 * concurrency 8). The events still delivered are the speech's tail, since they come in order.
 */
function shareQueuedSpeech(box: Mailbox<TranslateEvent>, index: number, result: PieceResult): void {
  box.merge(
    (ev): ev is Extract<TranslateEvent, { type: 'audioChunk' }> => ev.type === 'audioChunk',
    (queued) => {
      const bytes = queued.reduce((n, ev) => n + ev.pcm.length, 0);
      const speech = speechOf(result);
      // Never more than the result holds (stale speech is discarded before a retry or a split); if it were, leave them be.
      if (bytes > speech.length) return queued;
      return [{ type: 'audioChunk', index, pcm: speech.subarray(speech.length - bytes) }];
    },
  );
}
