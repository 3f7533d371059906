import { frameSeconds } from './levels';
import { NoiseFloor } from './noiseFloor';
import type { Piece, Span } from '../timeline';

/** How long pieces may be, and how long one level frame lasts. */
export interface SegmenterOptions {
  /** Longest piece, in seconds. Every piece is at most this long. */
  maxSeconds: number;
  /** Pauses earlier than this in a piece are used only when no later one exists. Default: min(5, maxSeconds / 4). */
  minSeconds?: number;
  /** Duration of one level frame, in seconds. Default: the level meter's, 0.02. */
  frameSeconds?: number;
  /**
   * Longest lengths of the first pieces, in order (each capped at `maxSeconds`); later pieces may
   * be `maxSeconds` long. Default: none, every piece may be `maxSeconds` long.
   */
  firstSeconds?: readonly number[];
}

/**
 * The first pieces' longest lengths in a translation: the first answer arrives about one time to
 * first token after the start instead of after a whole piece's work, and the pieces grow from
 * there, since each request costs a time to first token and one of the minute's requests.
 */
export const firstPieceSeconds: readonly number[] = [6, 15];
/**
 * A pause this long ends a sentence as well as any longer one. A piece is cut in the latest such
 * pause of its window's latter half rather than in the longest, so pieces run close to their
 * longest length, since each request costs a time to first token and one of the minute's requests.
 * A short first piece ends only in such a pause, so that its last cue has the pause to take time
 * from, as a cue inside a long piece would; without one its window grows.
 */
export const sentencePauseSeconds = 0.7;

/** Gaps in sound up to this long are part of speech (between words, stop consonants), not pauses. */
export const hangoverSeconds = 0.2;
/** Sounds shorter than this on their own (clicks, bumps) are not speech. */
export const blipSeconds = 0.1;
/** Silence kept around speech at each end of a piece, when the neighbours leave room. */
export const paddingSeconds = 0.2;
/** A pause this long ends a piece, so long silence is never sent; shorter ones stay inside, since every extra request costs the time to first token and counts against the requests per minute. */
export const longSilenceSeconds = 4;

// Levels are judged against their surroundings: the last 20 s and the next 2 s.
const lookaheadSeconds = 2;
const historySeconds = 20;
// Without any pause, a piece is cut at the quietest frame in the last fifth of the window.
const nearMaxFraction = 0.2;

/** A stretch of sound in frames, end exclusive. Splitting at a quietest frame makes ends fractional. */
interface Run {
  start: number;
  end: number;
}

/** A run still growing: its end is not known yet. */
interface OpenRun {
  start: number;
  lastActive: number;
  /** True once it is long enough (or known from a split) to be speech rather than a blip. */
  confirmed: boolean;
}

/**
 * Cuts a stream of frame levels (dBFS) into pieces at pauses, online: feed levels as they are
 * measured and take the pieces as soon as they are certain. Pure: no I/O, no clock.
 *
 * Sound is told from silence with an adaptive threshold: a low percentile of the recent levels
 * (the noise floor) plus a margin, never below an absolute floor. Short dips stay inside speech
 * (hangover) and short blips are ignored. Each piece is at most `maxSeconds` long and is cut inside
 * the longest pause in the latter half of its window (the latest, among pauses long enough to end a
 * sentence: `sentencePauseSeconds`); only when the window holds no pause at all is
 * it cut at the quietest frame near its end. Pieces keep up to 0.2 s of silence around their speech
 * without overlapping their neighbours, and a pause of 2 s or more always ends a piece.
 *
 * Memory is bounded by the window (`maxSeconds` plus a 2 s lookahead and 20 s of level history).
 */
export class Segmenter {
  private readonly frame: number;
  private readonly maxFrames: number;
  private readonly minFrames: number;
  /** The first pieces' own longest lengths, in frames; one grows when its window holds no long pause. */
  private readonly firstFrames: number[];
  private readonly sentencePauseFrames: number;
  private readonly hangFrames: number;
  private readonly blipFrames: number;
  private readonly padFrames: number;
  private readonly longFrames: number;
  private readonly lookFrames: number;
  private readonly noise: NoiseFloor;
  /** Levels of frames from `levelsStart` to `total`, for the quietest-frame search and classification. */
  private levels = new Float32Array(1024);
  private levelsStart = 0;
  private total = 0;
  private classified = 0;
  private open: OpenRun | undefined;
  private runs: Run[] = [];
  /** End of the last piece, in frames: the next piece never starts before it. */
  private lastEnd = 0;
  private index = 0;
  private ready: Piece[] = [];
  private finished = false;

  constructor(o: SegmenterOptions) {
    if (!(o.maxSeconds > 0)) throw new RangeError('maxSeconds must be positive.');
    this.frame = o.frameSeconds ?? frameSeconds;
    const perSecond = 1 / this.frame;
    // A hair under the maximum, so rounding to microseconds can never make a piece too long.
    this.maxFrames = (o.maxSeconds - 2e-6) * perSecond;
    this.minFrames = Math.min(o.minSeconds ?? Math.min(5, o.maxSeconds / 4), o.maxSeconds) * perSecond;
    this.firstFrames = (o.firstSeconds ?? []).map((s) => Math.min(this.maxFrames, (s - 2e-6) * perSecond));
    this.sentencePauseFrames = Math.round(sentencePauseSeconds * perSecond);
    this.hangFrames = Math.round(hangoverSeconds * perSecond);
    this.blipFrames = Math.round(blipSeconds * perSecond);
    this.padFrames = Math.min(paddingSeconds * perSecond, this.maxFrames / 8);
    this.longFrames = Math.round(longSilenceSeconds * perSecond);
    this.lookFrames = Math.round(lookaheadSeconds * perSecond);
    this.noise = new NoiseFloor(Math.round((historySeconds + lookaheadSeconds) * perSecond));
  }

  /** Takes the next frame levels (dBFS) and returns the pieces that are now certain. */
  push(levels: Float32Array | readonly number[]): Piece[] {
    if (this.finished) throw new Error('Segmenter.push after finish.');
    for (let i = 0; i < levels.length; i++) {
      this.append(levels[i]);
      if (this.total - this.classified > this.lookFrames) this.step();
    }
    return this.take();
  }

  /** Ends the stream and returns the remaining pieces. */
  finish(): Piece[] {
    if (this.finished) return [];
    this.finished = true;
    while (this.classified < this.total) this.step();
    if (this.open) this.closeOpen();
    while (this.runs.length > 0) {
      const start = this.pieceStart(this.runs[0]);
      const windowEnd = start + this.longest();
      const last = this.runs[this.runs.length - 1];
      const end = last.end + Math.min(this.padFrames, this.total - last.end);
      if (end <= windowEnd) this.emit(this.runs.length - 1, end);
      else this.cut(start, windowEnd, Infinity);
    }
    return this.take();
  }

  private take(): Piece[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  private append(level: number): void {
    const at = this.total - this.levelsStart;
    if (at === this.levels.length) this.compact();
    this.levels[this.total - this.levelsStart] = level;
    this.total++;
    this.noise.add(level);
  }

  /** Drops levels no decision needs any more, growing the buffer only if the window needs it. */
  private compact(): void {
    const first = this.runs[0]?.start ?? this.open?.start ?? this.classified;
    const keepFrom = Math.max(this.levelsStart, Math.min(Math.floor(first) - 1, this.classified));
    const kept = this.levels.subarray(keepFrom - this.levelsStart, this.total - this.levelsStart);
    const size = kept.length * 2 > this.levels.length ? this.levels.length * 2 : this.levels.length;
    const next = new Float32Array(size);
    next.set(kept, 0);
    this.levels = next;
    this.levelsStart = keepFrom;
  }

  private levelAt(frame: number): number {
    return this.levels[frame - this.levelsStart];
  }

  /** Classifies the next frame as sound or not, tracks runs of sound, and cuts when it can. */
  private step(): void {
    const i = this.classified++;
    const active = this.levelAt(i) > this.noise.threshold();
    const open = this.open;
    if (active) {
      if (open) {
        open.lastActive = i;
        if (i + 1 - open.start >= this.blipFrames) open.confirmed = true;
      } else {
        this.open = { start: i, lastActive: i, confirmed: this.blipFrames <= 1 };
      }
    } else if (open && i - open.lastActive > this.hangFrames) {
      this.closeOpen();
    }
    this.decide();
  }

  private closeOpen(): void {
    const open = this.open as OpenRun;
    this.open = undefined;
    if (open.confirmed || open.lastActive + 1 - open.start >= this.blipFrames) {
      this.runs.push({ start: open.start, end: open.lastActive + 1 });
    }
  }

  /** Emits every piece the frames classified so far make certain. */
  private decide(): void {
    for (;;) {
      const open = this.open;
      const first = this.runs[0] ?? (open?.confirmed ? open : undefined);
      if (!first) return;
      // The earliest frame after the closed runs that may be sound.
      const soundFrom = open ? open.start : this.classified;
      const last = this.runs[this.runs.length - 1];
      if (last && soundFrom - last.end >= this.longFrames) {
        this.emit(this.runs.length - 1, last.end + Math.min(this.padFrames, this.total - last.end));
        continue;
      }
      const start = this.pieceStart(first);
      const windowEnd = start + this.longest();
      if (this.classified < windowEnd) return;
      // A sound that may still turn out to be a blip changes where the pauses are: wait for it.
      if (open && !open.confirmed && open.start < windowEnd) return;
      if (this.short() && !this.longPauseIn(start, windowEnd, soundFrom)) {
        this.grow();
        continue;
      }
      this.cut(start, windowEnd, soundFrom);
    }
  }

  /** Where a piece whose first sound is `first` starts: padded, but never before the last piece's end. */
  private pieceStart(first: Run | OpenRun): number {
    return first.start - Math.max(0, Math.min(this.padFrames, first.start - this.lastEnd));
  }

  /**
   * Cuts one piece out of the full window [start, windowEnd): in the longest pause of its latter
   * half (the latest of those a sentence may end in), else the longest after `minFrames`, else the latest pause, else at the quietest frame.
   */
  private cut(start: number, windowEnd: number, soundFrom: number): void {
    const longest = this.longest();
    const half = start + longest / 2;
    const min = start + Math.min(this.minFrames, longest / 4);
    let best: { k: number; gap: number; rank: number; worth: number } | undefined;
    for (let k = 0; k < this.runs.length; k++) {
      const a = this.runs[k];
      if (a.end > windowEnd) break;
      const gap = (this.runs[k + 1]?.start ?? soundFrom) - a.end;
      // A short first piece takes a long pause over any other, so its timing is that of a long piece's.
      const rank = (a.end >= half ? 2 : a.end >= min ? 1 : 0) + (this.short() && gap >= this.sentencePauseFrames && a.end >= min ? 3 : 0);
      // Within the same rank, longer pauses win, but any pause a sentence may end in is as good as a
      // longer one, so among those the latest wins; among the earliest ones, the latest.
      const worth = Math.min(gap, this.sentencePauseFrames);
      if (!best || rank > best.rank || (rank === best.rank && (rank === 0 || worth >= best.worth))) best = { k, gap, rank, worth };
    }
    if (best) {
      const a = this.runs[best.k];
      const pad = Math.max(0, Math.min(this.padFrames, best.gap / 2, windowEnd - a.end, this.total - a.end));
      this.emit(best.k, a.end + pad);
      return;
    }
    // No pause in the window: one run covers its end. Split it at the quietest frame near the end.
    const run: Run | OpenRun = this.runs[0] ?? (this.open as OpenRun);
    const hi = Math.floor(windowEnd - 0.5);
    const lo = Math.max(Math.ceil(run.start), Math.ceil(min), Math.ceil(windowEnd - longest * nearMaxFraction));
    let quietest = hi;
    for (let q = Math.min(lo, hi); q <= hi; q++) {
      if (this.levelAt(q) <= this.levelAt(quietest)) quietest = q;
    }
    const at = Math.max(quietest + 0.5, run.start + 1e-3);
    this.ready.push(this.piece(start, at, [{ start: run.start, end: at }]));
    this.lastEnd = at;
    run.start = at;
    if ('confirmed' in run) run.confirmed = true;
  }

  /** True while the next piece is one of the short first ones. */
  private short(): boolean {
    return (this.firstFrames[this.index] ?? this.maxFrames) < this.maxFrames;
  }

  /** Whether [start, windowEnd) holds a long pause past its first quarter for a short piece to end in. */
  private longPauseIn(start: number, windowEnd: number, soundFrom: number): boolean {
    const min = start + Math.min(this.minFrames, this.longest() / 4);
    for (let k = 0; k < this.runs.length; k++) {
      const a = this.runs[k];
      if (a.end > windowEnd) break;
      const gap = (this.runs[k + 1]?.start ?? soundFrom) - a.end;
      if (a.end >= min && gap >= this.sentencePauseFrames) return true;
    }
    return false;
  }

  /** Lets the next short piece grow to the next length in the ramp, or the full length. */
  private grow(): void {
    const now = this.longest();
    this.firstFrames[this.index] = this.firstFrames.find((f) => f > now) ?? this.maxFrames;
  }

  /** The longest the next piece may be, in frames. */
  private longest(): number {
    return this.firstFrames[this.index] ?? this.maxFrames;
  }

  /** Emits runs[0..k] as one piece ending at `end`. */
  private emit(k: number, end: number): void {
    const start = this.pieceStart(this.runs[0]);
    const speech = this.runs.splice(0, k + 1);
    this.ready.push(this.piece(start, end, speech));
    this.lastEnd = end;
  }

  private piece(start: number, end: number, speech: Run[]): Piece {
    const s = this.seconds(start);
    const e = this.seconds(end);
    return {
      index: this.index++,
      start: s,
      end: e,
      speech: speech.map((r): Span => ({ start: Math.max(s, this.seconds(r.start)), end: Math.min(e, this.seconds(r.end)) })),
    };
  }

  private seconds(frames: number): number {
    return Math.round(frames * this.frame * 1e6) / 1e6;
  }
}

/** Cuts a whole list of levels at once: `push` everything, then `finish`. */
export function segmentLevels(levels: Float32Array | readonly number[], o: SegmenterOptions): Piece[] {
  const segmenter = new Segmenter(o);
  return [...segmenter.push(levels), ...segmenter.finish()];
}
