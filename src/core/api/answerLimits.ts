import { TranslateError } from '../errors';
import type { Span } from '../timeline';
import { pieceSentence } from './sentence';

/** The most one piece's answer may hold before the piece is stopped as broken. */
export interface AnswerLimits {
  /** Bytes of speech (24 kHz mono s16le). */
  speechBytes: number;
  /** Characters of text. */
  textChars: number;
  /** Bytes of one line of the event stream, or of one event's data. */
  lineBytes: number;
}

/** Bytes of speech per second: 24 kHz, 16-bit, mono. */
const speechBytesPerSecond = 48_000;

/**
 * The limits for a piece of `seconds` of audio. A translation may be spoken more slowly than the
 * source, so speech may last several times the piece, and half a minute more for a short one; the
 * text limit is far above what the model's output limit allows at any length. One line holds at
 * most all of that speech as base64, plus room for the JSON around it. Anything beyond is a broken
 * server, and holding it would take gigabytes of memory before the piece failed anyway.
 */
export function answerLimits(seconds: number): AnswerLimits {
  const speechBytes = Math.ceil((4 * Math.max(0, seconds) + 30) * speechBytesPerSecond);
  return { speechBytes, textChars: 100_000, lineBytes: Math.ceil((speechBytes * 4) / 3) + (1 << 20) };
}

/** The error for an answer past one of its limits: `what` names the limit, in a clause. */
export function answerTooLarge(range: Span | undefined, what: string): TranslateError {
  const seconds = range ? Math.max(1, Math.round(range.end - range.start)) : undefined;
  const piece = seconds === undefined ? 'a piece' : `a ${seconds} s piece`;
  return new TranslateError('answerTooLarge', pieceSentence(range, `the API sent ${what}, far more than ${piece} can hold, so the piece was stopped`), { range });
}

/** "2.7 MB", for a limit in bytes. */
export function megabytes(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(1)} MB`;
}
