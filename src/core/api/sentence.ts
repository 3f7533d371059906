import type { Span } from '../source/piece';

/**
 * One sentence about a request: "Piece 01:20–01:50: <what>." when the piece's range is known,
 * else "<What>." with a capital. `what` is a lower-case clause without the final full stop.
 */
export function pieceSentence(range: Span | undefined, what: string): string {
  return range ? `Piece ${formatSpan(range)}: ${what}.` : `${what.charAt(0).toUpperCase()}${what.slice(1)}.`;
}

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
