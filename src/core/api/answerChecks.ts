import { TranslateError } from '../errors';
import type { Span } from '../timeline';
import { streamErrorFromBody } from './apiErrors';
import { isWebPage, mediaTypeOf } from './mediaType';
import { pieceSentence } from './sentence';

/** What one finished answer held, as far as judging it goes. */
export interface AnswerShape {
  /** The stream's `finish_reason`; `length` is not judged here, since the piece is split instead. */
  finish: string | undefined;
  text: string;
  speechBytes: number;
  /** Whether the request asked for speech (a voice was chosen). */
  speechAsked: boolean;
}

/**
 * A warning for an answer that arrived whole but is not a full translation: one the API's content
 * filter stopped, one that ended for a reason the API does not document, or one with nothing in it.
 * Such a piece is kept (sending it again would get the same answer), but the person must hear of it,
 * or the gap in the subtitles looks like silence in the source.
 */
export function answerWarning(range: Span, a: AnswerShape): string | undefined {
  if (a.finish === 'length') return undefined;
  if (a.finish === 'content_filter') {
    return pieceSentence(range, "the API's content filter stopped the answer (finish_reason content_filter); its translation may be missing or cut short");
  }
  if (a.finish !== undefined && a.finish !== 'stop' && a.finish !== 'length') {
    return pieceSentence(range, `the API ended the answer with finish_reason ${a.finish}; its translation may be incomplete`);
  }
  if (a.text.trim() === '' && a.speechBytes === 0) {
    return pieceSentence(range, 'the API answered with no translation, so this stretch has no subtitles');
  }
  if (a.speechAsked && a.speechBytes === 0) {
    return pieceSentence(range, 'the API sent the text but no translated speech, so this stretch is silent in the dub');
  }
  return undefined;
}

/**
 * The error for a 200 answer that is a web page, or undefined for anything else. A sign-in page, a
 * captive portal or a proxy's notice answers 200 with HTML; read as a stream it would only look like
 * a connection dropped early, and be sent again for nothing. Other types are left to the stream
 * reader, since a proxy may label a good event stream loosely.
 */
export function notAStream(range: Span | undefined, contentType: string | null): TranslateError | undefined {
  const type = mediaTypeOf(contentType);
  if (!isWebPage(type)) return undefined;
  return new TranslateError(
    'notTheApi',
    pieceSentence(range, `the endpoint answered with a web page (${type}) instead of the API's event stream; check the base URL, and whether a proxy or sign-in page is in the way`),
    { range, status: 200 },
  );
}

/** The start of a body, as much as an error object or a short completion takes. */
export class JsonStart {
  private readonly parts: Buffer[] = [];
  private bytes = 0;

  add(chunk: Uint8Array): void {
    if (this.bytes >= jsonStartBytes) return;
    const part = Buffer.from(chunk.subarray(0, jsonStartBytes - this.bytes));
    this.parts.push(part);
    this.bytes += part.length;
  }

  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

const jsonStartBytes = 64 * 1024;

/**
 * The error for a 200 JSON answer that held no event: the server's own error, when it is one (an
 * error object as the API sends in its stream), else a completion or something else that does not
 * stream, which asking again will not change.
 */
export function jsonAnswerError(text: string, range: Span | undefined, context: { apiKey?: string; range?: Span }): TranslateError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) return streamErrorFromBody(error, context);
  return new TranslateError(
    'notTheApi',
    pieceSentence(range, "the endpoint answered with JSON (application/json) instead of the API's event stream; check the base URL, and that it is an OpenAI-compatible endpoint that streams"),
    { range, status: 200 },
  );
}
