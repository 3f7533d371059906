import { int16Samples } from '../samples';
import { SOURCE_RATE } from '../timeline';

/** Samples in one level frame: 20 ms at 16 kHz. */
export const frameSamples = 320;

/** Duration of one level frame, in seconds. */
export const frameSeconds = frameSamples / SOURCE_RATE;

/** The level given to a frame of digital silence, so that levels stay finite. */
export const silenceDb = -120;

/**
 * Measures the loudness of 16 kHz mono s16le PCM as the RMS of each 20 ms frame in dBFS (a full-scale
 * square wave is 0 dB), streaming: frames and odd bytes that straddle chunk boundaries are carried over.
 */
export class LevelMeter {
  private sum = 0;
  private count = 0;
  private oddByte: number | undefined;

  constructor(private readonly samplesPerFrame = frameSamples) {}

  /** Takes the next PCM bytes and returns the levels of the frames they complete. */
  push(pcm: Buffer): Float32Array {
    let bytes = pcm;
    if (this.oddByte !== undefined && bytes.length > 0) {
      bytes = Buffer.concat([Buffer.of(this.oddByte), bytes]);
      this.oddByte = undefined;
    }
    const samples = Math.floor(bytes.length / 2);
    if (bytes.length % 2 === 1) this.oddByte = bytes[bytes.length - 1];
    const frame = this.samplesPerFrame;
    const out = new Float32Array(Math.floor((this.count + samples) / frame));
    let n = 0;
    let { sum, count } = this;
    const view = int16Samples(bytes, samples);
    // Frame by frame, so the inner loop does nothing but square and add: about 10 million samples
    // per 10 minutes pass through here.
    for (let i = 0; i < samples; ) {
      const end = Math.min(samples, i + frame - count);
      count += end - i;
      for (; i < end; i++) sum += view[i] * view[i];
      if (count === frame) {
        out[n++] = toDb(sum / count);
        sum = 0;
        count = 0;
      }
    }
    this.sum = sum;
    this.count = count;
    return out;
  }

  /** The level of the last, partial frame, if the stream ended inside one. */
  finish(): Float32Array {
    if (this.count === 0) return new Float32Array(0);
    const level = toDb(this.sum / this.count);
    this.sum = 0;
    this.count = 0;
    return Float32Array.of(level);
  }
}

/** Levels of a whole PCM buffer, last partial frame included: a convenience for tests and short clips. */
export function frameLevels(pcm: Buffer): Float32Array {
  const meter = new LevelMeter();
  const full = meter.push(pcm);
  const rest = meter.finish();
  const out = new Float32Array(full.length + rest.length);
  out.set(full, 0);
  out.set(rest, full.length);
  return out;
}

/** Converts a mean square of 16-bit samples to dBFS, clamped at `silenceDb`. */
function toDb(meanSquare: number): number {
  if (meanSquare <= 0) return silenceDb;
  return Math.max(silenceDb, 10 * Math.log10(meanSquare / (32768 * 32768)));
}
