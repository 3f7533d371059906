import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { decodeWav, type HeardAudio } from './fakeApiAudio';

const run = promisify(execFile);

/** What the fake makes of a video clip: its sound, its picture size and its length. */
export interface SeenVideo {
  heard: HeardAudio;
  width: number;
  height: number;
  seconds: number;
  /** The video tokens the API documents for it (api-facts.md §5). */
  videoTokens: number;
}

/**
 * Opens a video the way the real API must: ffprobe for the picture, ffmpeg for the sound (mixed
 * to mono 16 kHz), through a temporary file and argument arrays. Undefined when it is not a video
 * with sound that ffmpeg can read.
 */
export async function seeVideo(bytes: Buffer): Promise<SeenVideo | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-fake-video-'));
  try {
    const clip = path.join(dir, 'clip.bin');
    fs.writeFileSync(clip, bytes);
    const probe = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_entries', 'stream=codec_type,width,height:format=duration', `file:${clip}`]);
    const info = JSON.parse(probe.stdout) as { streams?: { codec_type?: string; width?: number; height?: number }[]; format?: { duration?: string } };
    const picture = info.streams?.find((s) => s.codec_type === 'video');
    if (!picture?.width || !picture.height) return undefined;
    const wav = path.join(dir, 'sound.wav');
    await run('ffmpeg', ['-nostdin', '-v', 'error', '-i', `file:${clip}`, '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-f', 'wav', `file:${wav}`]);
    const heard = decodeWav(fs.readFileSync(wav));
    if (!heard) return undefined;
    const seconds = Number(info.format?.duration) || heard.seconds;
    return { heard, width: picture.width, height: picture.height, seconds, videoTokens: documentedVideoTokens(seconds, picture.width, picture.height) };
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `ceil(frames/2) × (h/32) × (w/32) + 2`, frames at 2 fps clamped to [4, 128], each frame within
 * 128 to 768 tiles of 32×32 and all of them within 16,384: written apart from the engine's copy
 * so that a mistake in either shows.
 */
export function documentedVideoTokens(seconds: number, width: number, height: number): number {
  let frames = Math.ceil(seconds * 2);
  frames = Math.max(4, Math.min(128, frames));
  let perFrame = Math.round(height / 32) * Math.round(width / 32);
  perFrame = Math.max(128, Math.min(768, perFrame));
  const pairs = Math.ceil(frames / 2);
  return Math.min(pairs * perFrame, 16384) + 2;
}
