import { formatSpan, type Span } from '../timeline';

/**
 * One sentence about a request: "Piece 01:20–01:50: <what>." when the piece's range is known,
 * else "<What>." with a capital. `what` is a lower-case clause without the final full stop.
 */
export function pieceSentence(range: Span | undefined, what: string): string {
  return range ? `Piece ${formatSpan(range)}: ${what}.` : `${what.charAt(0).toUpperCase()}${what.slice(1)}.`;
}
