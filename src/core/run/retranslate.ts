import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../../../package.json';
import { formatSpan } from '../timeline';
import { requestOptionsOf } from '../api/request';
import { TranslateError } from '../errors';
import type { RunSummary, TranslateEvent } from '../events';
import type { ApiOptions, OutputFormat, RequestPolicy } from '../job';
import { Mailbox } from './mailbox';
import { prepareDubRewrite, type DubRewrite } from '../output/rewriteDub';
import { PieceCache } from './pieceCache';
import type { PieceResult } from './pieceResult';
import { readRecord } from '../record/readRecord';
import { adoptCues, replacePiece } from '../record/replacePiece';
import { renderText, writeTextOutputs, type TextFormat } from '../record/render';
import type { TranslationRecord } from '../record/schema';
import { hashFile, trackKey } from '../source/fileHash';
import { probeMedia } from '../source/probe';
import { readSpanPcm } from '../source/readSpan';
import type { Piece } from '../timeline';
import { parseSubtitles } from '../subtitles/parseSubtitles';
import { translatePiece } from './translatePiece';
import { emptyUsage } from '../api/usage';
import { validateJob } from './validateJob';
import { requestSetup } from './requestSetup';

/** What retranslating one piece of a record needs besides the record: how to reach the API and the tools. */
export interface RetranslateJob {
  /** The translation record, `<stem>.<lang>.json`; the outputs beside it are rewritten. */
  recordFile: string;
  /** The piece's `index` in the record. */
  pieceIndex: number;
  /** The key and endpoint; the model and sampling come from the record, so the answer matches its options. */
  api: Pick<ApiOptions, 'apiKey' | 'baseUrl'>;
  policy: RequestPolicy;
  ffmpegPath: string;
  ffprobePath: string;
  /** The cache of finished pieces: the new answer replaces the old one there, so `render --formats wav` renders it. */
  cacheDir?: string;
}

/**
 * Translates one piece of a record again, without the cache, and puts the new answer in its
 * place: its entries and cues in the record, its stretch of the dub track, and the text outputs
 * beside the record rendered again. Every other cue and every other byte of the dub track stay as
 * they were; cues edited by hand in the `.srt` (or `.vtt`) beside it are kept. Nothing changes on
 * disk until the new answer has arrived, so a cancel (TranslateError `cancelled`) leaves every
 * file as it was. Events are those of a run, for one piece.
 */
export async function* retranslatePiece(job: RetranslateJob, signal?: AbortSignal): AsyncGenerator<TranslateEvent> {
  const started = Date.now();
  const record = await readRecord(job.recordFile);
  const name = path.basename(job.recordFile);
  const parts = record.pieces.filter((p) => p.index === job.pieceIndex);
  if (parts.length === 0) {
    // People count pieces from 1, as the code lens and the player name them; the index counts from 0.
    throw new TranslateError('badOption', `${name} has no piece ${job.pieceIndex + 1}; it has pieces 1 to ${Math.max(0, ...record.pieces.map((p) => p.index)) + 1}.`);
  }
  const input = path.resolve(path.dirname(job.recordFile), record.source.path);
  const o = record.options;
  const valid = validateJob({
    input,
    targetLanguage: o.targetLanguage,
    sourceLanguage: o.sourceLanguage,
    voice: o.voice,
    formats: ['json'],
    ifExists: 'overwrite',
    api: { ...job.api, model: o.model, sampling: o.sampling },
    policy: job.policy,
    segmentSeconds: o.segmentSeconds,
    ffmpegPath: job.ffmpegPath,
    ffprobePath: job.ffprobePath,
    cacheDir: job.cacheDir,
  });
  const piece: Piece = {
    index: job.pieceIndex,
    start: parts[0].start,
    end: parts[parts.length - 1].end,
    speech: parts.flatMap((p) => p.speech.map(([start, end]) => ({ start, end }))),
  };
  const run = new AbortController();
  const onAbort = (): void => run.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) run.abort();
  let dub: DubRewrite | undefined;
  const cancelled = (): TranslateError => new TranslateError('cancelled', `Retranslating ${formatSpan(piece)} of ${name} was cancelled; nothing was changed.`);
  try {
    if (!fs.existsSync(input)) {
      throw new TranslateError('fileNotFound', `${path.basename(input)}, the source of ${name}, is not at ${record.source.path} beside it; put it back there to retranslate a piece.`);
    }
    const info = await probeMedia(input, { ffprobePath: valid.ffprobePath, signal: run.signal });
    const sha256 = await hashFile(input, run.signal);
    if (record.source.sha256 && sha256 !== record.source.sha256) {
      throw new TranslateError('badRecord', `${path.basename(input)} has changed since ${name} was written, so its pieces no longer match; translate it again.`);
    }
    const files = outputsBeside(job.recordFile, record);
    yield { type: 'started', input, info, outputs: files };
    yield { type: 'planned', pieces: 1, final: true };
    const box = new Mailbox<TranslateEvent>();
    const { client, pacer } = requestSetup(valid);
    let requests = 0;
    const answer: Promise<PieceResult> = (async () => {
      box.push({ type: 'pieceStarted', piece, cached: false });
      try {
        const result = await translatePiece(piece.index, piece, {
          client,
          job: valid,
          pacer,
          readPcm: (span) => readSpanPcm(input, span, { ffmpegPath: valid.ffmpegPath, signal: run.signal }),
          signal: run.signal,
          emit: (ev) => box.push(ev),
          discardDeltas: () => box.discard((ev) => ev.type === 'textDelta' || ev.type === 'audioChunk'),
          onRequest: () => requests++,
        });
        box.close();
        return result;
      } catch (e) {
        box.fail(e);
        throw e;
      }
    })();
    answer.catch(() => undefined);
    const warnings: string[] = [];
    for await (const ev of box.drain()) {
      if (ev.type === 'note' && ev.level === 'warn') warnings.push(ev.message);
      yield ev;
    }
    const result = await answer;
    if (run.signal.aborted) throw cancelled();
    // From here on the new answer is in hand: the files are rewritten, each atomically.
    let updated = adoptHandEdits(record, files, warnings);
    if (files.wav && parts.some((p) => p.dub)) {
      dub = await rewriteStretch(record, job.pieceIndex, files.wav, result);
      if (dub.trimmedSeconds > 0) {
        const message = `The new speech of ${formatSpan(piece)} is ${dub.trimmedSeconds.toFixed(1)} s longer than its place in ${path.basename(files.wav)}, so its end was cut off before the next piece's speech.`;
        warnings.push(message);
        yield { type: 'note', level: 'warn', message };
      }
      updated = replacePiece(updated, job.recordFile, job.pieceIndex, result, dub.placed);
    } else {
      updated = replacePiece(updated, job.recordFile, job.pieceIndex, result);
    }
    updated = { ...updated, generator: `media-translate ${version}`, warnings: [...record.warnings, ...warnings.filter((w) => !record.warnings.includes(w))] };
    // The record goes last: until it is written, it still describes the files as they were before.
    const text: Partial<Record<TextFormat, string>> = { srt: files.srt, vtt: files.vtt, txt: files.txt };
    await writeTextOutputs(updated, text);
    await dub?.commit();
    dub = undefined;
    await writeTextOutputs(updated, { json: job.recordFile });
    // Kept under the record's own cache key (its video context included), where `render --formats wav` looks.
    const key = { ...requestOptionsOf(valid), video: record.options.videoContext === true };
    if (valid.cacheDir) await new PieceCache(valid.cacheDir, trackKey(record.source.sha256, { audioTrack: record.source.audioStream }), key).put(piece, result);
    const cues = updated.cues.filter((c) => c.piece === job.pieceIndex).map(({ start, end, text: t }) => ({ start, end, text: t }));
    yield { type: 'pieceDone', piece, text: result.parts.map((p) => p.text).join(' ').trim(), cues, usage: result.usage, cached: false };
    yield { type: 'usage', usage: result.usage };
    yield { type: 'progress', done: 1, total: 1, totalKnown: true, fraction: 1, elapsedMs: Date.now() - started };
    const summary: RunSummary = {
      input,
      durationSeconds: record.source.durationSeconds,
      pieces: 1,
      piecesFromCache: 0,
      requests,
      retries: result.retries,
      usage: result.usage ?? emptyUsage(),
      elapsedMs: Date.now() - started,
      files: { ...files, json: job.recordFile },
      warnings,
    };
    yield { type: 'done', summary };
  } catch (e) {
    await dub?.abort();
    if (signal?.aborted) throw cancelled();
    throw e;
  } finally {
    run.abort();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The outputs that exist beside the record, named as a run names them. */
function outputsBeside(recordFile: string, record: TranslationRecord): Partial<Record<OutputFormat, string>> {
  const base = recordFile.replace(/\.json$/iu, '');
  const out: Partial<Record<OutputFormat, string>> = {};
  for (const format of ['srt', 'vtt', 'txt', 'wav'] as const) {
    const file = `${base}.${format}`;
    if (existsSync(file) && (format !== 'wav' || record.options.voice)) out[format] = file;
  }
  return out;
}

/**
 * The record with the cues of a subtitle file beside it that was edited by hand (it no longer
 * renders from the record), so rendering it again after the new piece keeps those edits.
 */
function adoptHandEdits(record: TranslationRecord, files: Partial<Record<OutputFormat, string>>, warnings: string[]): TranslationRecord {
  for (const format of ['srt', 'vtt'] as const) {
    const file = files[format];
    if (!file) continue;
    const text = readSync(file);
    if (text === undefined || text === renderText(record, format)) continue;
    const parsed = parseSubtitles(text, format);
    if (parsed.problems.some((p) => p.severity === 'error')) {
      warnings.push(`${path.basename(file)} has lines that are not cues, so the cues were taken from the record instead; fix the file and retranslate again to keep its edits.`);
      continue;
    }
    return adoptCues(record, parsed.cues);
  }
  return record;
}

/** Rewrites the piece's stretch of the dub track: from the end of the speech before it to the next piece's speech. */
function rewriteStretch(record: TranslationRecord, index: number, wav: string, result: PieceResult): Promise<DubRewrite> {
  const at = record.pieces.findIndex((p) => p.index === index);
  const old = record.pieces.filter((p) => p.index === index && p.dub).map((p) => p.dub as { start: number; seconds: number });
  const before = record.pieces.slice(0, at).filter((p) => p.dub).pop()?.dub;
  const next = record.pieces.slice(at).find((p) => p.index !== index && p.dub)?.dub;
  return prepareDubRewrite(wav, {
    old,
    parts: result.parts.map((p) => ({ at: p.span.start, pcm: p.pcm })),
    after: before ? before.start + before.seconds : 0,
    until: next?.start,
  });
}

function existsSync(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function readSync(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
