/** A stretch of the source timeline, in seconds from the start of the source. */
export interface Span {
  start: number;
  end: number;
}

/**
 * One request's worth of the source: cut at pauses, without leading or trailing silence.
 * `speech` lists the stretches of sound inside it, in order, all within [start, end];
 * subtitle timing shares each piece's text out over them.
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
