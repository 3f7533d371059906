import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { WaveFile } from 'wavefile';
import type { Span } from '../../src/core/timeline';
import { probeMedia } from '../../src/core/source/probe';

/**
 * Media generated at test time with espeak-ng and ffmpeg (argument arrays, never a shell), so that
 * nothing large is committed and every test knows exactly where the speech is.
 */

/** Containers the generators can write. `mp4` also gets a tiny video track. */
export type MediaFormat = 'wav' | 'mp3' | 'm4a' | 'mp4' | 'ogg' | 'flac';

/** One sentence spoken at a given time. */
export interface SpeechSegment {
  text: string;
  /** An espeak-ng voice such as `en`, `de`, `fr` or `zh`. Default: `en`. */
  voice?: string;
  /** Start of the segment's clip, in seconds (its audible sound starts a little later). */
  at: number;
}

/** Where a generated file is and what it holds. */
export interface GeneratedMedia {
  file: string;
  /** Measured stretches of sound, in seconds, sorted: one per segment (overlapping ones merged). */
  speech: Span[];
  /** The duration ffprobe reports, which is what the engine sees. */
  durationSeconds: number;
}

/** Options shared by every generator. */
export interface MediaOptions {
  dir: string;
  /** File name without extension. */
  name: string;
  format?: MediaFormat;
  channels?: 1 | 2;
  /** Default: 16000. */
  sampleRate?: number;
}

/** What `makeSpeech` speaks, and when. */
export interface SpeechOptions extends MediaOptions {
  segments: SpeechSegment[];
  /** Length of the file; default: one second after the last clip ends. */
  totalSeconds?: number;
  /** Adds steady white noise at this RMS level (dBFS) under the speech. */
  noiseDbfs?: number;
}

/**
 * Speaks each segment with espeak-ng at its `at` time and encodes the mix. The returned speech
 * intervals are measured from the clips themselves (their own leading and trailing silence trimmed),
 * so they are the true intervals of sound. Clips are cached per voice and text within a process.
 */
export async function makeSpeech(o: SpeechOptions): Promise<GeneratedMedia> {
  const clips = await Promise.all(o.segments.map((s) => speak(s.text, s.voice ?? 'en')));
  const ends = o.segments.map((s, i) => s.at + clips[i].samples.length / clipRate);
  const total = o.totalSeconds ?? Math.max(0, ...ends) + 1;
  const mix = new Float32Array(Math.round(total * clipRate));
  o.segments.forEach((s, i) => addAt(mix, clips[i].samples, Math.round(s.at * clipRate)));
  if (o.noiseDbfs !== undefined) addNoise(mix, o.noiseDbfs);
  const spans = o.segments.map((s, i) => ({ start: s.at + clips[i].sound.start, end: s.at + clips[i].sound.end }));
  const file = await encode(o, mix, { seconds: total });
  return { file, speech: mergeSpans(spans, total), durationSeconds: await duration(file) };
}

/**
 * A long lecture, built quickly: a unit of about a minute (a few espeak sentences with pauses of
 * 0.4–3 s) is looped by ffmpeg up to `minutes`. Twenty minutes take a few seconds.
 */
export async function makeLongSpeech(o: MediaOptions & { minutes: number }): Promise<GeneratedMedia> {
  const clips = await Promise.all(lectureSentences.map((text) => speak(text, 'en')));
  // A fixed order and fixed pauses, so every run of a test sees the same file.
  const order = [0, 1, 2, 3, 4, 5, 6, 7, 2, 5, 0, 6];
  const pauses = [0.6, 1.2, 0.45, 2.5, 0.8, 1.6, 0.5, 3.0, 0.9, 0.4, 1.1, 2.2];
  const placed: Array<{ at: number; clip: Clip }> = [];
  let t = 0.5;
  order.forEach((c, i) => {
    placed.push({ at: t, clip: clips[c] });
    t += clips[c].samples.length / clipRate + pauses[i];
  });
  const unitSamples = Math.round(t * clipRate);
  const unitSeconds = unitSamples / clipRate;
  const unit = new Float32Array(unitSamples);
  for (const p of placed) addAt(unit, p.clip.samples, Math.round(p.at * clipRate));
  const total = o.minutes * 60;
  const speech: Span[] = [];
  for (let k = 0; k * unitSeconds < total; k++) {
    for (const p of placed) {
      const start = k * unitSeconds + p.at + p.clip.sound.start;
      const end = Math.min(total, k * unitSeconds + p.at + p.clip.sound.end);
      if (start < total - 0.05) speech.push({ start, end });
    }
  }
  const file = await encode(o, unit, { seconds: total, loop: true });
  return { file, speech: mergeSpans(speech, total), durationSeconds: await duration(file) };
}

/**
 * Sound in the given stretches and digital silence between them: a voice-like tone (a buzz whose
 * loudness rises and falls a few times a second, never to silence), so a test controls exactly
 * where every stretch of "speech" and every pause is.
 */
export async function makeBursts(o: MediaOptions & { spans: Span[]; seconds: number }): Promise<GeneratedMedia> {
  const mix = new Float32Array(Math.round(o.seconds * clipRate));
  for (const s of o.spans) {
    const from = Math.round(s.start * clipRate);
    const to = Math.min(mix.length, Math.round(s.end * clipRate));
    for (let i = from; i < to; i++) {
      const t = i / clipRate;
      const envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t);
      mix[i] = 0.25 * envelope * (Math.sin(2 * Math.PI * 180 * t) + 0.5 * Math.sin(2 * Math.PI * 360 * t));
    }
  }
  const file = await encode(o, mix, { seconds: o.seconds });
  return { file, speech: o.spans.map((s) => ({ ...s })), durationSeconds: await duration(file) };
}

/** Digital silence of the given length. */
export async function makeSilence(o: MediaOptions & { seconds: number }): Promise<GeneratedMedia> {
  const file = await encode(o, new Float32Array(Math.round(o.seconds * clipRate)), { seconds: o.seconds });
  return { file, speech: [], durationSeconds: await duration(file) };
}

/** A steady sine tone (default 440 Hz at −20 dBFS RMS): sound without any pause. */
export async function makeTone(
  o: MediaOptions & { seconds: number; frequency?: number; dbfs?: number },
): Promise<GeneratedMedia> {
  const amplitude = Math.SQRT2 * 10 ** ((o.dbfs ?? -20) / 20);
  const frequency = o.frequency ?? 440;
  const samples = new Float32Array(Math.round(o.seconds * clipRate));
  for (let i = 0; i < samples.length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / clipRate);
  const file = await encode(o, samples, { seconds: o.seconds });
  return { file, speech: [{ start: 0, end: o.seconds }], durationSeconds: await duration(file) };
}

/** An MP4 with a tiny video track and no audio stream at all. */
export async function makeVideoWithoutAudio(o: { dir: string; name: string; seconds?: number }): Promise<{ file: string }> {
  const file = path.join(o.dir, `${o.name}.mp4`);
  await ffmpeg([
    '-f', 'lavfi', '-i', `testsrc=size=64x48:rate=5:duration=${o.seconds ?? 2}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file,
  ]);
  return { file };
}

/**
 * A 20 s MP4 of two sentences (at 0.5 s and 15 s) with its index at the front, as most downloads
 * are, cut to its first half: its first part decodes without an error and the rest is gone, while
 * the file still says it lasts 20 s.
 */
export async function makeCutShortMp4(o: { dir: string; name: string }): Promise<{ file: string }> {
  const whole = await makeSpeech({
    dir: o.dir,
    name: `${o.name}-whole`,
    format: 'mp4',
    totalSeconds: 20,
    segments: [
      { text: 'Good morning, and welcome to the meeting.', at: 0.5 },
      { text: 'This part comes after the cut.', at: 15 },
    ],
  });
  const faststart = path.join(o.dir, `${o.name}-faststart.mp4`);
  await ffmpeg(['-i', whole.file, '-c', 'copy', '-movflags', '+faststart', faststart]);
  const bytes = fs.readFileSync(faststart);
  const file = path.join(o.dir, `${o.name}.mp4`);
  fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  fs.rmSync(whole.file);
  fs.rmSync(faststart);
  return { file };
}

// Everything below is private to the generators.

const run = promisify(execFile);
/** espeak-ng always speaks at 22.05 kHz; the mix is built at that rate and ffmpeg converts it. */
const clipRate = 22050;

const lectureSentences = [
  'Good morning, and welcome to the third lecture of this course.',
  'Today we look at how sound travels through air and water.',
  'Waves carry energy from one place to another.',
  'The speed of sound depends on the medium.',
  'In water, sound travels about four times faster than in air.',
  'Let us now turn to the question of frequency.',
  'High notes have short waves, and low notes have long ones.',
  'Please read the next chapter before we meet again.',
];

interface Clip {
  samples: Float32Array;
  /** The audible part of the clip, in seconds from its start. */
  sound: Span;
}

const clipCache = new Map<string, Promise<Clip>>();

function speak(text: string, voice: string): Promise<Clip> {
  const key = `${voice}\u0000${text}`;
  let clip = clipCache.get(key);
  if (!clip) {
    clip = synthesize(text, voice);
    clipCache.set(key, clip);
    clip.catch(() => clipCache.delete(key));
  }
  return clip;
}

async function synthesize(text: string, voice: string): Promise<Clip> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-espeak-'));
  try {
    const textFile = path.join(work, 'text.txt');
    const wavFile = path.join(work, 'clip.wav');
    // The text goes through a file, so a sentence starting with '-' cannot become an option.
    fs.writeFileSync(textFile, text, 'utf8');
    await run('espeak-ng', ['-v', voice, '-b', '1', '-w', wavFile, '-f', textFile]);
    const wav = new WaveFile(fs.readFileSync(wavFile));
    const fmt = wav.fmt as { sampleRate: number; numChannels: number };
    if (fmt.sampleRate !== clipRate) wav.toSampleRate(clipRate);
    const ints = wav.getSamples(false, Int16Array) as unknown as Int16Array;
    const samples = Float32Array.from(ints, (v) => v / 32768);
    return { samples, sound: measureSound(samples) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** First and last 10 ms window louder than −50 dBFS RMS: where the clip is audible. */
function measureSound(samples: Float32Array): Span {
  const win = Math.round(clipRate / 100);
  const floor = 10 ** (-50 / 10);
  let first = -1;
  let last = -1;
  for (let w = 0; w * win < samples.length; w++) {
    let sum = 0;
    const end = Math.min(samples.length, (w + 1) * win);
    for (let i = w * win; i < end; i++) sum += samples[i] * samples[i];
    if (sum / (end - w * win) > floor) {
      if (first < 0) first = w;
      last = w;
    }
  }
  if (first < 0) return { start: 0, end: 0 };
  return { start: (first * win) / clipRate, end: Math.min(samples.length, (last + 1) * win) / clipRate };
}

function addAt(mix: Float32Array, clip: Float32Array, offset: number): void {
  for (let i = 0; i < clip.length && offset + i < mix.length; i++) mix[offset + i] += clip[i];
}

/** Adds white noise at the given RMS level, from a fixed seed so runs repeat. */
function addNoise(mix: Float32Array, dbfs: number): void {
  const amplitude = Math.sqrt(3) * 10 ** (dbfs / 20);
  let seed = 12345;
  for (let i = 0; i < mix.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    mix[i] += amplitude * ((seed / 0x7fffffff) * 2 - 1);
  }
}

function mergeSpans(spans: Span[], total: number): Span[] {
  const sorted = spans
    .map((s) => ({ start: round3(Math.max(0, s.start)), end: round3(Math.min(total, s.end)) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push(s);
  }
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// The fastest encoder settings: tests need speech, not fidelity, and 20 minutes must take seconds.
const codecArgs: Record<MediaFormat, string[]> = {
  wav: ['-c:a', 'pcm_s16le'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '48k', '-compression_level', '9'],
  m4a: ['-c:a', 'aac', '-aac_coder', 'fast', '-b:a', '48k'],
  mp4: ['-c:a', 'aac', '-aac_coder', 'fast', '-b:a', '48k'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '1'],
  flac: ['-c:a', 'flac'],
};

/** Writes `samples` (22.05 kHz mono) as the requested format, looping them up to `seconds` if asked. */
async function encode(o: MediaOptions, samples: Float32Array, how: { seconds: number; loop?: boolean }): Promise<string> {
  fs.mkdirSync(o.dir, { recursive: true });
  const format = o.format ?? 'wav';
  const file = path.join(o.dir, `${o.name}.${format}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-mix-'));
  try {
    const raw = path.join(work, 'mix.raw');
    const ints = new Int16Array(samples.length);
    for (let i = 0; i < samples.length; i++) ints[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768)));
    fs.writeFileSync(raw, Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength));
    const args = [
      ...(how.loop ? ['-stream_loop', '-1'] : []),
      '-f', 's16le', '-ar', String(clipRate), '-ac', '1', '-i', raw,
    ];
    if (format === 'mp4') {
      args.push('-f', 'lavfi', '-i', `testsrc=size=64x48:rate=5:duration=${how.seconds}`);
      args.push('-map', '1:v', '-map', '0:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
    }
    args.push('-t', String(how.seconds), '-ar', String(o.sampleRate ?? 16000), '-ac', String(o.channels ?? 1), ...codecArgs[format], file);
    await ffmpeg(args);
    return file;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 1024 * 1024 });
}

async function duration(file: string): Promise<number> {
  return (await probeMedia(file, { ffprobePath: 'ffprobe' })).durationSeconds;
}
