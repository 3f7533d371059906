import type OpenAI from 'openai';
import { TranslateError } from '../errors';
import type { Span } from '../timeline';
import { answerTooLarge, megabytes, type AnswerLimits } from './answerLimits';
import { jsonAnswerError, JsonStart, notAStream } from './answerChecks';
import { cancelledError, toTranslateError } from './apiErrors';
import { ChunkParser, type StreamPart } from './chunks';
import { mediaTypeOf } from './mediaType';
import { bodyChunks } from './nodeFetch';
import { pieceSentence } from './sentence';
import { SseDecoder, SseLineTooLong } from './sseDecoder';

/** How one streaming request is watched. */
export interface StreamOptions {
  /** The user's stop; ends the request at once with 'cancelled'. */
  signal?: AbortSignal;
  /** Longest wait for the next chunk (and for the response itself) before giving up with 'stalled'; 0 turns the watch off. */
  stallMs: number;
  /** Kept out of every message. */
  apiKey?: string;
  /** The piece's source range, named in messages. */
  range?: Span;
  /**
   * Longest time for the whole request, answer included, before giving up with 'stalled'; unset or
   * 0 turns it off. A server that sends a byte now and then never trips the stall watch.
   */
  deadlineMs?: number;
  /** The most the answer may hold; past it the request fails with 'answerTooLarge'. Default: no limits. */
  limits?: AnswerLimits;
}

/**
 * Sends one request and yields its parts as they arrive. Every failure is a TranslateError:
 * 'stalled' when nothing arrives for `stallMs`, 'cancelled' when `signal` fires, and 'streamError'
 * when the stream ends without a `finish_reason`, so a dropped connection never looks like a short
 * answer. A `length` finish is yielded like `stop`; splitting the piece is the caller's job.
 *
 * The stall timer runs only while waiting on the server, not while the caller handles a part, and
 * only answer data resets it: keep-alive comments and a line that trickles in without ending do not.
 */
export async function* streamPiece(client: OpenAI, body: Record<string, unknown> | Buffer, o: StreamOptions): AsyncGenerator<StreamPart> {
  const context = { apiKey: o.apiKey, range: o.range };
  if (o.signal?.aborted) throw cancelledError(context);
  const request = new AbortController();
  const onAbort = (): void => request.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let stalled = false;
  // One timer for the whole request: `arm` only notes when the wait began, and the timer, when it
  // fires, either stops the request or sets itself for the rest of the wait. Clearing and setting a
  // timer for each of the thousands of reads in an answer with speech was a measurable share of the
  // engine's CPU. `waitingSince` is undefined while the caller handles a part: no wait runs then.
  let timer: NodeJS.Timeout | undefined;
  let waitingSince: number | undefined;
  const watch = (): void => {
    const waited = waitingSince === undefined ? 0 : Date.now() - waitingSince;
    if (waited >= o.stallMs) {
      stalled = true;
      request.abort();
      return;
    }
    timer = setTimeout(watch, o.stallMs - waited);
  };
  const arm = (): void => {
    if (!(o.stallMs > 0)) return;
    waitingSince = Date.now();
    timer ??= setTimeout(watch, o.stallMs);
  };
  const disarm = (): void => {
    waitingSince = undefined;
  };
  let overdue = false;
  const deadline =
    o.deadlineMs !== undefined && o.deadlineMs > 0
      ? setTimeout(() => {
          overdue = true;
          request.abort();
        }, o.deadlineMs)
      : undefined;
  const limits = o.limits ?? { speechBytes: Infinity, textChars: Infinity, lineBytes: Infinity };
  const received = { speechBytes: 0, textChars: 0 };
  const parser = new ChunkParser(context);
  let responded = false;
  let finished = false;
  try {
    arm();
    // The SDK sends the request as the bytes it is given (the body holds fields its types do not
    // know: translation_options, top_k, …) and turns an HTTP error into its error types; the event
    // stream itself is split here (see SseDecoder), which costs a fraction of the SDK's stream parsing.
    const sending = client
      .post('/chat/completions', { body: Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)), headers: { 'content-type': 'application/json' }, signal: request.signal })
      .asResponse();
    // An answer can stream for minutes, and the uploads of the pieces in flight held that long were
    // most of the engine's memory: the body is let go of once it is handed over.
    body = spent;
    const response = await sending;
    responded = true;
    const wrongType = notAStream(o.range, response.headers.get('content-type'));
    if (wrongType) throw wrongType;
    const chunks = bodyChunks(response);
    if (!chunks) throw new TranslateError('streamError', pieceSentence(o.range, 'the API answered without a body'), { range: o.range });
    const reads = chunks[Symbol.asyncIterator]();
    const sse = new SseDecoder(limits.lineBytes);
    // A JSON answer may be an error object or a completion that does not stream, or an event stream
    // a proxy labels loosely: its start is kept, to be read as JSON if it held no event.
    const json = mediaTypeOf(response.headers.get('content-type')) === 'application/json' ? new JsonStart() : undefined;
    let sawEvent = false;
    // The wait for the first data counts from the response's headers.
    arm();
    for (;;) {
      const next = await reads.next();
      if (request.signal.aborted) break;
      if (json && !next.done) json.add(next.value);
      const events = next.done ? sse.end() : sse.push(next.value);
      if (events.length > 0) sawEvent = true;
      if (events.length === 0 && !next.done) continue;
      disarm();
      for (const data of events) {
        // `[DONE]` closes the stream; the finish chunk before it is what says the answer is whole.
        if (data === '[DONE]') continue;
        for (const part of parser.parse(JSON.parse(data))) {
          if (part.type === 'finish') finished = true;
          checkSize(part, received, limits, o.range);
          yield part;
        }
      }
      if (next.done) break;
      arm();
    }
    if (overdue) throw overdueError(o);
    if (stalled) throw stalledError(o);
    if (o.signal?.aborted) throw cancelledError(context);
    for (const part of parser.flush()) yield part;
    if (!finished && json && !sawEvent) throw jsonAnswerError(json.text(), o.range, context);
    if (!finished) {
      throw new TranslateError('streamError', pieceSentence(o.range, 'the stream ended early, before the API said the answer was complete'), {
        range: o.range,
      });
    }
  } catch (e) {
    if (overdue) throw overdueError(o);
    if (stalled) throw stalledError(o);
    if (o.signal?.aborted) throw cancelledError(context);
    if (e instanceof SseLineTooLong) throw answerTooLarge(o.range, `a line of over ${megabytes(e.limitBytes)}`);
    const error = toTranslateError(e, context);
    // A connection lost after the response began is a broken stream, not a failure to connect.
    if (responded && error.reason === 'network') {
      throw new TranslateError('streamError', pieceSentence(o.range, 'the connection dropped before the answer was complete'), {
        range: o.range,
        detail: error.detail,
        cause: e instanceof Error && error.cause === e ? e : undefined,
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    clearTimeout(deadline);
    o.signal?.removeEventListener('abort', onAbort);
    // Ends the request if the caller stopped reading early; a no-op once the stream is complete.
    request.abort();
  }
}

/** What a request's body is replaced with once sent. */
const spent = Buffer.alloc(0);

function stalledError(o: StreamOptions): TranslateError {
  return new TranslateError('stalled', pieceSentence(o.range, `the API sent nothing for ${seconds(o.stallMs)}, so the request was stopped`), { range: o.range });
}

function overdueError(o: StreamOptions): TranslateError {
  const what = `the answer took longer than ${seconds(o.deadlineMs ?? 0)}, the most a piece of this length is given, so the request was stopped`;
  return new TranslateError('stalled', pieceSentence(o.range, what), { range: o.range });
}

/** Throws 'answerTooLarge' once the answer's speech or text grows past its limits. */
function checkSize(part: StreamPart, received: { speechBytes: number; textChars: number }, limits: AnswerLimits, range: Span | undefined): void {
  if (part.type === 'audio') {
    received.speechBytes += part.pcm.length;
    if (received.speechBytes > limits.speechBytes) throw answerTooLarge(range, `over ${megabytes(limits.speechBytes)} of speech`);
  } else if (part.type === 'text') {
    received.textChars += part.text.length;
    if (received.textChars > limits.textChars) throw answerTooLarge(range, `over ${limits.textChars} characters of text`);
  }
}

/** "1.0 s" below ten seconds, "63 s" from there. */
function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}
