import type { Piece, Span } from '../timeline';

/**
 * A clock that runs only while someone speaks. Clock time 0 is the start of the piece's first
 * stretch of speech and `total` the end of its last, so shares of text laid out on this clock
 * land on speech and never on the pauses between stretches.
 */
export class SpeechClock {
  /** The stretches of speech, sorted, merged and clipped to the piece. */
  readonly stretches: readonly Span[];
  /** Seconds of speech in the piece. */
  readonly total: number;
  /** Clock time at which each stretch begins. */
  readonly offsets: readonly number[];

  constructor(piece: Pick<Piece, 'start' | 'end' | 'speech'>) {
    this.stretches = speechStretches(piece);
    const offsets: number[] = [];
    let total = 0;
    for (const s of this.stretches) {
      offsets.push(total);
      total += s.end - s.start;
    }
    this.offsets = offsets;
    this.total = total;
  }

  /** Clock times of the pauses between stretches (the end of every stretch but the last). */
  pauses(): number[] {
    return this.offsets.slice(1);
  }

  /** Seconds of source silence at clock time `c` (0 when `c` is not at a pause). */
  pauseAt(c: number): number {
    const k = this.offsets.findIndex((o, i) => i > 0 && Math.abs(o - c) <= epsilon);
    return k === -1 ? 0 : this.stretches[k].start - this.stretches[k - 1].end;
  }

  /** Source time where something starting at clock `c` begins: at a pause, the next stretch's start. */
  startAt(c: number): number {
    for (let k = 0; k < this.stretches.length; k++) {
      const s = this.stretches[k];
      if (c < this.offsets[k] + (s.end - s.start) - epsilon) return s.start + Math.max(0, c - this.offsets[k]);
    }
    return this.stretches[this.stretches.length - 1].end;
  }

  /** Source time where something ending at clock `c` ends: at a pause, the previous stretch's end. */
  endAt(c: number): number {
    for (let k = 0; k < this.stretches.length; k++) {
      const s = this.stretches[k];
      if (c <= this.offsets[k] + (s.end - s.start) + epsilon) return s.start + Math.max(0, c - this.offsets[k]);
    }
    return this.stretches[this.stretches.length - 1].end;
  }
}

const epsilon = 1e-9;

/**
 * The piece's speech as sorted, non-overlapping stretches inside [start, end]. Without any (or
 * with only empty ones) the whole piece counts as speech; a piece of no length gets a tiny one
 * so that every cue still has a place.
 */
function speechStretches(piece: Pick<Piece, 'start' | 'end' | 'speech'>): Span[] {
  const start = piece.start;
  const end = Math.max(piece.end, piece.start);
  const clipped = piece.speech
    .map((s) => ({ start: Math.max(start, s.start), end: Math.min(end, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of clipped) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  if (merged.length > 0) return merged;
  return [{ start, end: end > start ? end : start + 0.001 }];
}
