import { silenceDb } from './levels';

// Below this nothing is speech, so digital silence and quiet hiss are never sent.
const absoluteFloorDb = -50;
// A noise floor louder than this is taken to be sound (music, a tone, speech without pauses).
const noiseCapDb = -40;
// Sound must rise this far above the noise floor: at least enough to clear steady hiss, at most
// enough that the quieter parts of speech still count.
const minMarginDb = 6;
const maxMarginDb = 12;
// One bin per dB, from digital silence up to 0 dBFS.
const bins = 1 - silenceDb;

/**
 * Tracks the noise floor of the last `size` frame levels and tells sound from silence: the 10th
 * percentile is taken as the noise, and sound must rise a margin above it (half the distance to the
 * 90th percentile, between 6 and 12 dB) and above −50 dBFS. A sliding histogram in 1 dB bins keeps
 * each update O(1) and each threshold O(bins), whatever the history length.
 */
export class NoiseFloor {
  private readonly counts = new Int32Array(bins);
  private readonly ring: Uint8Array;
  private next = 0;
  private filled = 0;
  private cached: number | undefined;

  constructor(size: number) {
    this.ring = new Uint8Array(Math.max(1, size));
  }

  /** Adds the newest level (dBFS), forgetting the oldest once the history is full. */
  add(level: number): void {
    const bin = Math.min(bins - 1, Math.max(0, Math.round(level - silenceDb)));
    if (this.filled === this.ring.length) this.counts[this.ring[this.next]]--;
    else this.filled++;
    this.ring[this.next] = bin;
    this.counts[bin]++;
    this.next = (this.next + 1) % this.ring.length;
    this.cached = undefined;
  }

  /** The level (dBFS) above which a frame counts as sound. */
  threshold(): number {
    if (this.cached !== undefined) return this.cached;
    const noise = Math.min(this.percentile(0.1), noiseCapDb);
    const loud = this.percentile(0.9);
    const margin = Math.min(maxMarginDb, Math.max(minMarginDb, (loud - noise) / 2));
    this.cached = Math.max(absoluteFloorDb, noise + margin);
    return this.cached;
  }

  private percentile(p: number): number {
    const target = Math.max(1, Math.ceil(this.filled * p));
    let seen = 0;
    for (let bin = 0; bin < bins; bin++) {
      seen += this.counts[bin];
      if (seen >= target) return bin + silenceDb;
    }
    return silenceDb;
  }
}
