import type OpenAI from 'openai';
import { answerWarning } from '../api/answerChecks';
import { answerLimits } from '../api/answerLimits';
import { cancelledError } from '../api/apiErrors';
import { formatSpan } from '../timeline';
import { sleep } from '../api/sleep';
import type { Pacer } from '../api/pacing';
import { audioRequestBytes, buildRequest, requestOptionsOf } from '../api/request';
import { videoTokens } from '../api/videoTokens';
import type { ClipFailure, VideoClip } from '../source/videoClip';
import { rateLimitAdvice, retryWait } from '../api/retryWait';
import { joinPcm } from '../api/pcmDecoder';
import { streamPiece } from '../api/streamPiece';
import { whenSent } from '../api/nodeFetch';
import type { BufferPool } from './bufferPool';
import { TranslateError } from '../errors';
import type { TranslateEvent } from '../events';
import type { PieceResult } from './pieceResult';
import { SOURCE_RATE, type Span } from '../timeline';
import { splitAtLongestPause, type PieceSpan } from './splitSpan';
import { addUsage, emptyUsage, type Usage } from '../api/usage';
import { defaults } from '../job';
import type { ValidJob } from './validateJob';

/** What translating one piece needs from the run around it. */
export interface PieceContext {
  client: OpenAI;
  job: ValidJob;
  pacer: Pacer;
  readPcm(span: Span, alloc?: (bytes: number) => Buffer): Promise<Buffer>;
  /** Where the run's large buffers are reused from (see BufferPool); left out, each is allocated. */
  buffers?: BufferPool;
  signal: AbortSignal;
  /** Queues an event for this piece (delivered in source order). */
  emit(event: TranslateEvent): void;
  /** Drops this piece's queued but undelivered text and audio deltas. */
  discardDeltas(): void;
  /** Called once per request sent, for the summary. */
  onRequest(): void;
  /** Set when pieces go with their picture: cuts a span's clip, at the size the pacer counts. */
  video?: PieceVideo;
}

/** How a run sends pieces as video clips. */
export interface PieceVideo {
  width: number;
  height: number;
  clip(span: Span, signal: AbortSignal): Promise<VideoClip | ClipFailure>;
}

/** A truncated answer is split no deeper than this, and never into halves shorter than this. */
const maxSplitDepth = 5;
const minSplitSeconds = 2;

/**
 * Translates one piece: retries transient failures with backoff (discarding the partial answer),
 * and splits the piece at its longest pause when the answer was cut off at the output limit.
 */
export async function translatePiece(index: number, span: PieceSpan, ctx: PieceContext): Promise<PieceResult> {
  return translateSpan(index, span, ctx, 0);
}

async function translateSpan(index: number, span: PieceSpan, ctx: PieceContext, depth: number): Promise<PieceResult> {
  const { job, pacer, signal } = ctx;
  const seconds = span.end - span.start;
  // Cut once per span: a retry sends the same clip again.
  let clip: VideoClip | ClipFailure | undefined;
  // Under `auto`, a 429 met while the pacer can still lower the concurrency is the pacer's to
  // absorb, not a retry of the piece's: a long file must not fail on the account's own limits.
  let absorbed = 0;
  let afterLimit = false;
  for (let attempt = 0; ; attempt++) {
    const pictureTokens = ctx.video ? videoTokens(seconds, ctx.video.width, ctx.video.height) : 0;
    const permit = await pacer.acquire(pacer.estimateTokens(seconds, job.voice !== undefined) + pictureTokens, signal, { first: afterLimit });
    // Several requests in flight when this one went: a 429 it meets is the concurrency's doing,
    // even if another request's 429 has brought the concurrency down to one since.
    const sentBesideOthers = pacer.concurrency > 1;
    let text = '';
    const pcm: Buffer[] = [];
    let usage: Usage = emptyUsage();
    let finish: string | undefined;
    try {
      clip ??= ctx.video ? await ctx.video.clip(span, signal) : undefined;
      if (clip && 'failed' in clip && attempt === 0) {
        ctx.emit({ type: 'note', level: 'info', message: `The picture of ${formatSpan(span)} was not sent: ${clip.failed}. That piece went as audio only.` });
      }
      let body: Buffer | undefined =
        clip && 'dataUrl' in clip
          ? Buffer.from(JSON.stringify(buildRequest({ kind: 'video', url: clip.dataUrl }, requestOptionsOf(job))))
          : await audioBody(span, ctx);
      ctx.onRequest();
      const parts = streamPiece(ctx.client, body, {
        signal,
        stallMs: job.policy.stallSeconds * 1000,
        deadlineMs: (job.policy.stallSeconds + (job.policy.deadlineFactor ?? defaults.deadlineFactor) * seconds) * 1000,
        limits: answerLimits(seconds),
        apiKey: job.api.apiKey,
        range: span,
      });
      // Not held while the answer streams (see streamPiece); a retry builds its own.
      body = undefined;
      let answered = false;
      for await (const part of parts) {
        if (!answered) {
          answered = true;
          permit.answered();
        }
        if (part.type === 'text') {
          text += part.text;
          ctx.emit({ type: 'textDelta', index, text: part.text });
        } else if (part.type === 'audio') {
          pcm.push(part.pcm);
          if (job.speechChunks) ctx.emit({ type: 'audioChunk', index, pcm: part.pcm });
        } else if (part.type === 'finish') {
          finish = part.reason;
        } else {
          usage = part.usage;
        }
      }
      permit.release(usage.totalTokens || undefined);
      pacer.onSuccess();
    } catch (e) {
      // The concurrency is cut before the slot is freed, or the freed slot would go straight to
      // the next piece and the 429 would not lower the load at all.
      const limited = TranslateError.is(e, 'rateLimited') && !signal.aborted;
      const lowerable = limited && pacer.adaptive && (sentBesideOthers || pacer.concurrency > 1);
      if (limited) pacer.onRateLimited();
      permit.release();
      if (signal.aborted) throw cancelledError();
      if (!TranslateError.is(e) || !e.transient) throw e;
      if (lowerable) absorbed++;
      if (attempt - absorbed >= job.policy.maxRetries) throw rateLimitAdvice(e, attempt);
      const wait = retryWait(e, attempt + 1);
      if ('stop' in wait) throw wait.stop;
      if (limited) {
        const n = pacer.concurrency;
        ctx.emit({ type: 'note', level: 'info', message: `The API's rate limit was reached; sending at most ${n} piece${n === 1 ? '' : 's'} at a time until requests succeed again.` });
      }
      const delayMs = wait.delayMs;
      ctx.discardDeltas();
      ctx.emit({ type: 'pieceRetry', index, attempt: attempt + 1, reason: e.message, delayMs });
      afterLimit = limited;
      if (limited) {
        // The pacer holds every piece for the wait and then sends this one first, so the pieces
        // behind it cannot take the budget it waited for.
        pacer.pause(delayMs);
        continue;
      }
      await sleep(delayMs, signal).catch(() => {
        throw cancelledError();
      });
      continue;
    }
    const result: PieceResult = { parts: [{ span, text, pcm: joinPcm(pcm), usage, finishReason: finish ?? 'stop' }], usage, requests: attempt + 1, retries: attempt };
    const warning = answerWarning(span, { finish, text, speechBytes: result.parts[0].pcm.length, speechAsked: job.voice !== undefined });
    if (warning) ctx.emit({ type: 'note', level: 'warn', message: warning });
    if (finish !== 'length') return result;
    return splitTruncated(index, span, ctx, depth, result);
  }
}

/** The request body for a span's audio, in buffers from the run's pool, which get them back once used. */
async function audioBody(span: Span, ctx: PieceContext): Promise<Buffer> {
  const pool = ctx.buffers;
  const alloc = pool && ((bytes: number): Buffer => pool.take(bytes));
  const pcm = await ctx.readPcm(span, alloc);
  const body = audioRequestBytes(pcm, SOURCE_RATE, requestOptionsOf(ctx.job), alloc);
  pool?.give(pcm);
  if (pool) whenSent(body, () => pool.give(body));
  return body;
}

/** Translates both halves of a piece whose answer hit the output limit, so no tail is lost. */
async function splitTruncated(
  index: number,
  span: PieceSpan,
  ctx: PieceContext,
  depth: number,
  truncated: PieceResult,
): Promise<PieceResult> {
  const seconds = span.end - span.start;
  if (depth >= maxSplitDepth || seconds < 2 * minSplitSeconds) {
    ctx.emit({ type: 'note', level: 'warn', message: `The answer for ${formatSpan(span)} was cut off at the output limit and the piece is too short to split; its tail may be missing.` });
    return truncated;
  }
  ctx.discardDeltas();
  ctx.emit({ type: 'pieceRetry', index, attempt: 1, reason: `The answer for ${formatSpan(span)} reached the output limit; translating it in two halves.`, delayMs: 0 });
  const [first, second] = splitAtLongestPause(span);
  const a = await translateSpan(index, first, ctx, depth + 1);
  const b = await translateSpan(index, second, ctx, depth + 1);
  return {
    parts: [...a.parts, ...b.parts],
    usage: addUsage(truncated.usage, addUsage(a.usage, b.usage)),
    requests: truncated.requests + a.requests + b.requests,
    retries: truncated.retries + a.retries + b.retries,
  };
}
