/** A stretch of the source timeline, in seconds from the start of the source. */
export interface Span {
  start: number;
  end: number;
}

/**
 * One request's worth of the source: cut at pauses, without leading or trailing silence.
 * `speech` lists the stretches of sound inside it, in order, all within [start, end];
 * subtitle timing aligns each piece's text with them.
 */
export interface Piece extends Span {
  /** Position in source order, from 0. */
  index: number;
  speech: Span[];
}

/** The sample format the engine works in: 16 kHz mono signed 16-bit little-endian PCM. */
export const SOURCE_RATE = 16_000;

/** The sample format of the model's speech: 24 kHz mono signed 16-bit little-endian PCM. */
export const SPEECH_RATE = 24_000;

/** "01:20–01:50", or "1:02:03–1:02:33" past an hour. */
export function formatSpan(span: Span): string {
  return `${clock(span.start)}–${clock(span.end)}`;
}

/** A position on the timeline as people read it: "01:20", or "1:01:20" past an hour. */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const mm = String(Math.floor((whole % 3600) / 60)).padStart(2, '0');
  const ss = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
