import { WaveFile } from 'wavefile';

/** A stretch of the input, in seconds from its start. */
export interface Stretch {
  start: number;
  end: number;
}

/** Input audio as the fake hears it: mono samples in [-1, 1]. */
export interface HeardAudio {
  samples: Float64Array;
  sampleRate: number;
  seconds: number;
}

/** The sample rate of the speech the API sends back. */
export const speechRate = 24_000;

/** Decodes a base64 WAV (any PCM bit depth, any channel count, mixed to mono), or undefined if it is not one. */
export function decodeWav(bytes: Buffer): HeardAudio | undefined {
  try {
    const wav = new WaveFile(bytes);
    const fmt = wav.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number; audioFormat: number };
    if (!fmt.sampleRate || !fmt.numChannels) return undefined;
    const channels = fmt.numChannels;
    let samples: Float64Array;
    if (fmt.audioFormat === 1 && fmt.bitsPerSample === 16) {
      // The common case, read straight from the data chunk: wavefile's unpacking is slow.
      const bytes = (wav.data as { samples: Uint8Array }).samples;
      const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      samples = new Float64Array(Math.floor(bytes.length / 2 / channels));
      for (let i = 0; i < samples.length; i++) {
        for (let c = 0; c < channels; c++) samples[i] += view.readInt16LE((i * channels + c) * 2) / 32768 / channels;
      }
    } else {
      const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
      const list = channels > 1 ? (raw as Float64Array[]) : [raw as Float64Array];
      // Integer PCM comes back as integers (8-bit is unsigned); float PCM is already in [-1, 1].
      const scale = fmt.audioFormat === 3 ? 1 : 2 ** (fmt.bitsPerSample - 1);
      const offset = fmt.audioFormat !== 3 && fmt.bitsPerSample === 8 ? 128 : 0;
      samples = new Float64Array(list[0].length);
      for (const channel of list) for (let i = 0; i < samples.length; i++) samples[i] += (channel[i] - offset) / scale / list.length;
    }
    return { samples, sampleRate: fmt.sampleRate, seconds: samples.length / fmt.sampleRate };
  } catch {
    return undefined;
  }
}

/**
 * The stretches of sound in `audio`: 20 ms frames louder than a threshold (−40 dBFS, or 5 % of the
 * loudest frame's RMS if that is higher), with gaps under 0.35 s bridged and blips under 0.12 s
 * dropped. Deliberately simpler than the engine's detector, so the two do not share mistakes.
 */
export function findStretches(audio: HeardAudio): Stretch[] {
  const frame = Math.max(1, Math.round(audio.sampleRate * 0.02));
  const levels: number[] = [];
  for (let at = 0; at < audio.samples.length; at += frame) {
    let sum = 0;
    const end = Math.min(audio.samples.length, at + frame);
    for (let i = at; i < end; i++) sum += audio.samples[i] ** 2;
    levels.push(Math.sqrt(sum / (end - at)));
  }
  const loudest = levels.reduce((a, b) => Math.max(a, b), 0);
  const threshold = Math.max(0.01, loudest * 0.05);
  const frameSeconds = frame / audio.sampleRate;
  const stretches: Stretch[] = [];
  levels.forEach((level, i) => {
    if (level < threshold) return;
    const start = i * frameSeconds;
    const end = Math.min(audio.seconds, (i + 1) * frameSeconds);
    const last = stretches[stretches.length - 1];
    if (last && start - last.end < 0.35) last.end = end;
    else stretches.push({ start, end });
  });
  return stretches.filter((s) => s.end - s.start >= 0.12).map((s) => ({ start: round3(s.start), end: round3(s.end) }));
}

/** How the fake's speech differs from the plain tone, so a test can tell a second answer from the first. */
export interface SpeechVariant {
  /** Added to every tone's pitch. Default 0. */
  toneShiftHz?: number;
  /** The speech lasts this many times the input (each stretch's tone stretched alike). Default 1. */
  lengthFactor?: number;
}

/**
 * "Translated speech" for an input of `seconds`: 24 kHz mono s16le PCM exactly as long as the
 * input (unless `lengthFactor` says otherwise), with a tone during each stretch (200 Hz + 100 Hz
 * per stretch number, so tests can tell them apart) and silence elsewhere.
 */
export function speechFor(seconds: number, stretches: Stretch[], variant: SpeechVariant = {}): Buffer {
  const factor = variant.lengthFactor ?? 1;
  const total = Math.round(seconds * factor * speechRate);
  const pcm = Buffer.alloc(total * 2);
  stretches.forEach((s, k) => {
    const from = Math.round(s.start * factor * speechRate);
    const to = Math.min(total, Math.round(s.end * factor * speechRate));
    const hz = 200 + 100 * (k + 1) + (variant.toneShiftHz ?? 0);
    const fade = Math.round(0.005 * speechRate);
    for (let i = from; i < to; i++) {
      const ramp = Math.min(1, (i - from) / fade, (to - i) / fade);
      pcm.writeInt16LE(Math.round(0.3 * 32767 * ramp * Math.sin((2 * Math.PI * hz * (i - from)) / speechRate)), i * 2);
    }
  });
  return pcm;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
