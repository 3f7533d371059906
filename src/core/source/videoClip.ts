import { inputArg, lastLine, runTool } from '../tools/ffmpeg';
import type { Span } from '../timeline';
import { framesPerSecond } from '../api/videoTokens';

/** The documented cap on one data URL, in bytes after base64 encoding. */
export const maxDataUrlBytes = 10_485_760;

/** One piece of the source as a small video clip, ready to send. */
export interface VideoClip {
  /** `data:video/mp4;base64,…`, under `maxDataUrlBytes`. */
  dataUrl: string;
  width: number;
  height: number;
}

/** Where the tools are and which audio track goes with the picture. */
export interface ClipOptions {
  ffmpegPath: string;
  audioTrack: number;
  /** The source picture's size, when ffprobe said it. */
  width?: number;
  height?: number;
  signal?: AbortSignal;
  /** The cap on the data URL; `maxDataUrlBytes` unless a test lowers it. */
  maxBytes?: number;
}

/** Why a piece could not go as video, as a phrase for the note that says it went as audio. */
export type ClipFailure = { failed: string };

/**
 * Cuts `span` of `file` as a short MP4 clip: the picture downscaled at the model's own frame rate
 * and a small bitrate, with the chosen audio track kept (the model hears it as it does an audio
 * piece). A clip over the size cap is cut again smaller; when even the smallest is too big, or
 * ffmpeg cannot make one, the reason comes back instead, so the caller can send the audio alone.
 */
export async function cutVideoClip(file: string, span: Span, o: ClipOptions): Promise<VideoClip | ClipFailure> {
  const maxBytes = o.maxBytes ?? maxDataUrlBytes;
  let reason = 'the clip stayed over the 10 MB limit';
  for (const step of steps) {
    const { width, height } = fitSize(o.width, o.height, step.longSide);
    const result = await runTool(o.ffmpegPath, clipArgs(file, span, o.audioTrack, width, height, step.crf), {
      signal: o.signal,
      maxStdoutBytes: maxBytes,
    });
    if (result.code !== 0) return { failed: `ffmpeg could not cut the clip (${lastLine(result.stderr) || `exit code ${result.code}`})` };
    const url = `${prefix}${result.stdout.toString('base64')}`;
    if (result.stdout.length < maxBytes && url.length <= maxBytes) return { dataUrl: url, width, height };
    reason = `the clip stayed over the ${Math.round(maxBytes / 1_048_576)} MB limit even at ${width}×${height}`;
  }
  return { failed: reason };
}

/** The picture size a clip is cut at for a long side of `longSide`: never upscaled, even numbers. */
export function fitSize(width: number | undefined, height: number | undefined, longSide = steps[0].longSide): { width: number; height: number } {
  const w = width ?? 640;
  const h = height ?? 360;
  const scale = Math.min(1, longSide / Math.max(w, h));
  const even = (x: number): number => Math.max(2, Math.round((x * scale) / 2) * 2);
  return { width: even(w), height: even(h) };
}

const prefix = 'data:video/mp4;base64,';

/** Smaller and smaller clips: the first fits almost every piece, the others are for dense pictures. */
const steps = [
  { longSide: 640, crf: 34 },
  { longSide: 426, crf: 40 },
  { longSide: 256, crf: 46 },
];

function clipArgs(file: string, span: Span, track: number, width: number, height: number, crf: number): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-ss', span.start.toFixed(3), '-t', Math.max(0.05, span.end - span.start).toFixed(3), '-i', inputArg(file),
    '-map', '0:v:0', '-map', `0:a:${track}`,
    '-vf', `fps=${framesPerSecond},scale=${width}:${height}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(crf), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '48k', '-ac', '1', '-ar', '16000',
    // A fragmented MP4 can be written to a pipe: the index comes first instead of after the data.
    '-movflags', 'frag_keyframe+empty_moov', '-f', 'mp4', 'pipe:1',
  ];
}
