import { TranslateError } from '../errors';
import { lastLine, runTool } from '../tools/ffmpeg';
import { SPEECH_RATE } from '../timeline';
import type { DubTrack } from './dubTrack';
import { audibleRange } from './trimSilence';

/**
 * Where one piece's speech went in the dub track, and how it was fitted: `trim` is the kept part
 * of the model's speech as [from, to] seconds into it, `speed` the atempo factor (absent at 1), and
 * `shift` how much later than its source speech it starts (absent when on time). Applying the trim
 * and the speed to the same speech and placing it at `start` gives the same bytes.
 */
export interface DubPlacement {
  start: number;
  seconds: number;
  trim?: [number, number];
  speed?: number;
  shift?: number;
}

/** How far a line may be sped up, and where ffmpeg is. */
export interface FitOptions {
  maxSpeed: number;
  ffmpegPath: string;
  signal?: AbortSignal;
}

/**
 * Fits each piece's speech into the time before the next piece's speech: silence trimmed at both
 * ends, then sped up (pitch kept) as far as `maxSpeed` when still too long; past that it runs on
 * and the next piece starts later. A piece's slot is known only once the next piece arrives, so
 * each is placed one step late; `finish` places the last within the source's length.
 */
export class DubFitter {
  private pending: { intended: number; pcm: Buffer; done: (p: DubPlacement) => void } | undefined;

  constructor(
    private readonly track: DubTrack,
    private readonly o: FitOptions,
  ) {}

  /** Queues speech meant to start at `intended`; `done` hears where it went once its slot is known. */
  async add(intended: number, pcm: Buffer, done: (p: DubPlacement) => void): Promise<void> {
    await this.placePending(intended);
    this.pending = { intended, pcm, done };
  }

  /** Places the last queued speech, ending by `totalSeconds` if speed allows. */
  async finish(totalSeconds: number): Promise<void> {
    await this.placePending(totalSeconds);
  }

  private async placePending(slotEnd: number): Promise<void> {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    const [from, to] = audibleRange(p.pcm);
    const trimmed = p.pcm.subarray(from * 2, to * 2);
    const natural = trimmed.length / 2 / SPEECH_RATE;
    const available = slotEnd - Math.max(p.intended, this.track.seconds);
    let speed = 1;
    if (natural > available) speed = Math.min(this.o.maxSpeed, Math.ceil((natural / Math.max(available, 1e-3)) * 1000) / 1000);
    let speech = speed === 1 ? trimmed : await changeTempo(trimmed, speed, this.o);
    // atempo's output can run a few samples past the length asked for; a line sped up to fit is
    // cut to its slot (the cut falls in the trim's margin), so it does not push the next one by a hair.
    if (speed > 1 && speed < this.o.maxSpeed) speech = speech.subarray(0, Math.min(speech.length, Math.floor(available * SPEECH_RATE) * 2));
    const placed = await this.track.place(p.intended, speech);
    const shift = Math.round((placed.start - p.intended) * 1000) / 1000;
    p.done({
      ...placed,
      trim: [from / SPEECH_RATE, to / SPEECH_RATE],
      ...(speed !== 1 ? { speed } : {}),
      ...(shift > 0 ? { shift } : {}),
    });
  }
}

/** The kept part of a piece's speech, sped up as a placement says: what `place` was given. */
export async function fittedSpeech(pcm: Buffer, placed: DubPlacement, o: Omit<FitOptions, 'maxSpeed'>): Promise<Buffer> {
  if (!placed.trim) return pcm;
  const trimmed = pcm.subarray(Math.round(placed.trim[0] * SPEECH_RATE) * 2, Math.round(placed.trim[1] * SPEECH_RATE) * 2);
  const speech = placed.speed && placed.speed !== 1 ? await changeTempo(trimmed, placed.speed, o) : trimmed;
  return speech.subarray(0, Math.round(placed.seconds * SPEECH_RATE) * 2);
}

/** Speech played `factor` times faster with its pitch kept (ffmpeg's atempo), as 24 kHz mono s16le. */
export async function changeTempo(pcm: Buffer, factor: number, o: Omit<FitOptions, 'maxSpeed'>): Promise<Buffer> {
  if (pcm.length === 0) return pcm;
  const fmt = ['-f', 's16le', '-ar', String(SPEECH_RATE), '-ac', '1'];
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', ...fmt, '-i', 'pipe:0', '-af', `atempo=${factor}`, '-bitexact', ...fmt, 'pipe:1'];
  const result = await runTool(o.ffmpegPath, args, { signal: o.signal, input: pcm, maxStdoutBytes: pcm.length * 2 + 4096 });
  if (result.code !== 0) {
    throw new TranslateError('writeFailed', `ffmpeg could not speed up the dubbed speech (${lastLine(result.stderr) || `exit code ${result.code}`}).`);
  }
  return result.stdout.subarray(0, result.stdout.length - (result.stdout.length % 2));
}
