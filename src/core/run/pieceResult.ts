import type { Piece } from '../timeline';
import type { Usage } from '../api/usage';

/**
 * What one piece came back as. Usually one part; a piece whose answer was cut off at the
 * output limit is split at a pause and comes back as the parts of its halves.
 */
export interface PieceResult {
  parts: PiecePart[];
  usage: Usage;
  /** Requests sent for this piece, retries included (0 when it came from the cache). */
  requests: number;
  retries: number;
}

/** The translation of one stretch of the source: its text and speech (24 kHz mono s16le). */
export interface PiecePart {
  span: Pick<Piece, 'start' | 'end' | 'speech'>;
  text: string;
  pcm: Buffer;
  /** What the answer for this stretch cost, and why it ended; absent in pieces cached by older versions. */
  usage?: Usage;
  finishReason?: string;
}

/** All of a result's speech in order; the part's own buffer when there is one part (no copy). */
export function speechOf(result: Pick<PieceResult, 'parts'>): Buffer {
  return result.parts.length === 1 ? result.parts[0].pcm : Buffer.concat(result.parts.map((p) => p.pcm));
}
