import type { Piece } from './source/piece';
import type { Usage } from './usage';

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
}
