import { SOURCE_RATE } from '../timeline';

// Zero crossings of the windowed-sinc kernel on each side, at the lower of the two rates.
const zeroCrossings = 6;
// The pass band ends a little below the output's Nyquist frequency (7.2 kHz at 16 kHz) to leave
// room for the filter's transition, so almost nothing above it folds back into the speech band.
const cutoff = 0.9;
// More distinct fractional positions than this share the nearest precomputed one.
const maxPhases = 4096;

/**
 * Converts a stream of mono float samples (−1…1) at any rate into 16 kHz signed 16-bit samples,
 * chunk by chunk, with state carried across chunks so the result does not depend on chunk sizes.
 *
 * It is a polyphase windowed-sinc filter (Blackman window): a proper low-pass when downsampling,
 * a band-limited interpolator when upsampling, with its coefficients computed once per rate pair.
 */
export class Resampler {
  /** Output samples advance `down / up` input samples each. */
  private readonly up: number;
  private readonly down: number;
  private readonly phases: number;
  /** Taps on each side of the output position, in input samples. */
  private readonly half: number;
  /** `phases` rows of `2 * half` coefficients, for input offsets −half+1 … +half. */
  private readonly table: Float32Array;
  /** Input samples still needed; `pending[0]` is input sample number `pendingStart`. */
  private pending = new Float32Array(0);
  private pendingStart = 0;
  private inputCount = 0;
  private outputCount = 0;

  constructor(inRate: number, outRate = SOURCE_RATE) {
    if (!(Number.isInteger(inRate) && inRate > 0 && Number.isInteger(outRate) && outRate > 0)) {
      throw new RangeError(`Cannot resample ${inRate} Hz to ${outRate} Hz.`);
    }
    const g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    this.phases = Math.min(this.up, maxPhases);
    const scale = Math.min(1, outRate / inRate);
    this.half = Math.ceil(zeroCrossings / scale);
    this.table = buildTable(this.phases, this.half, scale);
  }

  /** Takes the next input samples and returns every output sample they complete. */
  push(input: Float32Array): Int16Array {
    const merged = new Float32Array(this.pending.length + input.length);
    merged.set(this.pending, 0);
    merged.set(input, this.pending.length);
    this.pending = merged;
    this.inputCount += input.length;
    return this.produce(false);
  }

  /** Returns the remaining output samples, so the output lasts as long as the input. */
  finish(): Int16Array {
    return this.produce(true);
  }

  private produce(atEnd: boolean): Int16Array {
    const { up, down, half, phases, table } = this;
    const width = 2 * half;
    const x = this.pending;
    const base = this.pendingStart;
    const available = this.inputCount;
    const total = atEnd ? Math.round((available * up) / down) : Infinity;
    const room = Math.min(total, Math.floor(((available + 1) * up) / down) + 2) - this.outputCount;
    const out = new Float32Array(Math.max(0, room));
    let count = 0;
    let n = this.outputCount;
    // Position n·down/up on the input grid, split exactly into a whole sample and a remainder,
    // then stepped by whole samples and remainders so no division runs per sample.
    const stepWhole = Math.floor(down / up);
    const stepRest = down - stepWhole * up;
    let whole0 = Math.floor((n * down) / up);
    let rest = n * down - whole0 * up;
    for (; n < total; n++, whole0 += stepWhole, rest += stepRest) {
      if (rest >= up) {
        rest -= up;
        whole0++;
      }
      let whole = whole0;
      let phase = rest;
      if (phases !== up) {
        phase = Math.round((rest / up) * phases);
        if (phase === phases) {
          phase = 0;
          whole++;
        }
      }
      if (whole + half >= available && !atEnd) break;
      const row = phase * width;
      const first = whole - half + 1;
      let sum = 0;
      if (first >= base && whole + half < available) {
        // The common case: every tap is inside the buffer, so the loop needs no checks.
        sum = dot(x, first - base, table, row, width);
      } else {
        for (let j = 0; j < width; j++) {
          const k = first + j;
          if (k >= 0 && k >= base && k < available) sum += x[k - base] * table[row + j];
        }
      }
      out[count++] = sum;
    }
    this.outputCount = n;
    // Keep only the input that later output samples still reach.
    const next = Math.floor((n * down) / up) - half;
    const keepFrom = Math.max(base, Math.min(available, next));
    this.pending = this.pending.slice(keepFrom - base);
    this.pendingStart = keepFrom;
    return toInt16(out.subarray(0, count));
  }
}

/** The hot loop, kept small so the engine can optimise it on its own. */
function dot(x: Float32Array, at: number, table: Float32Array, row: number, width: number): number {
  let a = 0;
  let b = 0;
  let j = 0;
  for (; j + 1 < width; j += 2) {
    a += x[at + j] * table[row + j];
    b += x[at + j + 1] * table[row + j + 1];
  }
  if (j < width) a += x[at + j] * table[row + j];
  return a + b;
}

/** Converts float samples (−1…1) to signed 16-bit, rounding and clipping. */
export function toInt16(samples: ArrayLike<number>): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i] * 32768);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/** Coefficients for every phase, each row normalised to a gain of exactly 1 at 0 Hz. */
function buildTable(phases: number, half: number, scale: number): Float32Array {
  const width = 2 * half;
  const table = new Float32Array(phases * width);
  for (let p = 0; p < phases; p++) {
    const frac = p / phases;
    let sum = 0;
    for (let j = 0; j < width; j++) {
      // Distance from this tap's input sample to the output position, in input samples.
      const t = j - half + 1 - frac;
      const w = kernel(t, half, scale);
      table[p * width + j] = w;
      sum += w;
    }
    for (let j = 0; j < width; j++) table[p * width + j] /= sum;
  }
  return table;
}

function kernel(t: number, half: number, scale: number): number {
  if (Math.abs(t) >= half) return 0;
  const x = t * scale * cutoff;
  const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  // Blackman window over [−half, half].
  const u = (t + half) / (2 * half);
  const window = 0.42 - 0.5 * Math.cos(2 * Math.PI * u) + 0.08 * Math.cos(4 * Math.PI * u);
  return sinc * window;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
