import { addUsage, emptyUsage, type Usage } from '../api/usage';
import { TranslateError } from '../errors';
import type { RunSummary, TranslateEvent } from '../events';
import type { OutputWriter } from '../output/writeOutputs';
import { noSpeechMessage } from '../source/audioTrack';
import type { SourceReader } from '../source/openSource';
import { clock, type Piece } from '../timeline';
import { BufferPool } from './bufferPool';
import { Mailbox } from './mailbox';
import type { PieceCache } from './pieceCache';
import { speechOf, type PieceResult } from './pieceResult';
import { requestSetup } from './requestSetup';
import { translatePiece, type PieceVideo } from './translatePiece';
import type { ValidJob } from './validateJob';

/**
 * The scheduler: runs every piece through the API (or the cache), several at once, and feeds the
 * results to the writer in source order, yielding each piece's events in that order too. At most a
 * window of pieces is held at a time, so memory stays flat however long the source is.
 */
export async function* runPieces(
  job: ValidJob,
  source: SourceReader,
  cache: PieceCache | undefined,
  writer: OutputWriter,
  { run, stop }: { run: AbortController; stop: { first?: unknown } },
  started: number,
  video?: PieceVideo,
): AsyncGenerator<TranslateEvent, RunSummary & { totalUsage: Usage }> {
  const { client, pacer } = requestSetup(job);
  const buffers = new BufferPool();
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
  const window = pacer.ceiling * 2 + 2;

  const runOne = async (piece: Piece, box: Mailbox<TranslateEvent>): Promise<PieceResult> => {
    try {
      const cached = await cache?.get(piece, (message) => box.push({ type: 'note', level: 'info', message }));
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
        readPcm: (span, alloc) => source.readPcm(span, alloc),
        buffers,
        signal: run.signal,
        emit: (ev) => box.push(ev),
        discardDeltas: () => box.discard((ev) => ev.type === 'textDelta' || ev.type === 'audioChunk'),
        onRequest: () => stats.requests++,
        video,
      });
      await cache?.put(piece, result, (message) => box.push({ type: 'note', level: 'warn', message, next: 'checkCacheDir' }));
      shareQueuedSpeech(box, piece.index, result);
      box.close();
      return result;
    } catch (e) {
      // The first failure stops every other piece; finished ones are already in the cache.
      if (!run.signal.aborted) stop.first = e;
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
    throw new TranslateError('noSpeech', noSpeechMessage(job.input, source.info), source.info.audioTracks.length > 1 ? { next: 'chooseAudioTrack' } : {});
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

/**
 * A warning when the decoder stopped well before the length the file states: a file cut short
 * (a download stopped half-way, say) can decode its first part without any error, and the run
 * would otherwise succeed with half the subtitles and no word of why. Small gaps are normal
 * (durations estimated from the bitrate, a video track that outlasts the audio). Yields the note,
 * if any, and adds it to the run's `warnings`.
 */
function* shortDecodeNote(file: string, source: SourceReader, warnings: string[]): Generator<TranslateEvent> {
  // A decode that failed says why itself; the length it reached is no news about the file.
  if (source.decodeFailed()) return;
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
