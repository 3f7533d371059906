import * as fs from 'node:fs';
import * as path from 'node:path';
import { TranslateError } from '../errors';
import type { AudioTrack } from './audioTrack';
import { inputArg, lastLine, runTool } from '../tools/ffmpeg';
import { readWavLayout } from './wavReader';

/** What ffprobe (or the WAV header) tells about a source before it is decoded. */
export interface MediaInfo {
  durationSeconds: number;
  hasAudio: boolean;
  hasVideo: boolean;
  /** The picture's size in pixels, when there is a video stream that says it. */
  videoWidth?: number;
  videoHeight?: number;
  /** Container name as ffprobe reports it (`wav`, `mov,mp4,m4a,3gp,3g2,mj2`, …). */
  container: string;
  /** The audio tracks in file order; empty when there is none (or only the WAV header was read). */
  audioTracks: AudioTrack[];
  /** The 0-based index, among `audioTracks`, of the track that is translated (set by openSource). */
  audioTrack?: number;
}

/** Where to find ffprobe, and how to stop it. */
export interface ProbeOptions {
  ffprobePath: string;
  signal?: AbortSignal;
}

// Formats ffprobe "recognises" in files that are not media at all (text, single pictures).
const notMediaFormats = /^(tty|image2|.*_pipe|lrc|srt|webvtt|ass|subviewer.*)$/;

/**
 * Reads a source's duration and whether it has audio and video, with ffprobe (an argument array,
 * no shell). When ffprobe is missing, a RIFF/WAVE file is still described from its own header.
 * Throws `notMedia` for a file no decoder understands and `ffmpegMissing` when ffprobe is needed
 * but absent.
 */
export async function probeMedia(file: string, o: ProbeOptions): Promise<MediaInfo> {
  const args = [
    '-v', 'error', '-hide_banner', '-print_format', 'json',
    '-show_entries', 'format=format_name,duration:stream=codec_type,codec_name,channels,duration,width,height:stream_tags=language,title:stream_disposition=attached_pic,default',
    inputArg(file),
  ];
  let result;
  try {
    result = await runTool(o.ffprobePath, args, { signal: o.signal });
  } catch (e) {
    if (!TranslateError.is(e, 'ffmpegMissing')) throw e;
    const fromHeader = await probeWavHeader(file);
    if (fromHeader) return fromHeader;
    if (path.extname(file).toLowerCase() === '.wav') throw notMedia(file, 'no RIFF/WAVE header');
    throw e;
  }
  if (result.code !== 0) {
    // A file deleted or moved since it was chosen (during a long run, say) is not "not media".
    if (!fs.existsSync(file)) throw new TranslateError('fileNotFound', `${file} does not exist any more; it was moved or deleted.`);
    throw notMedia(file, lastLine(result.stderr) || `ffprobe exited with code ${result.code}`);
  }
  const info = parseProbe(result.stdout.toString('utf8'));
  if (!info || notMediaFormats.test(info.container) || (!info.hasAudio && !info.hasVideo)) {
    throw notMedia(file, info ? `format ${info.container}` : 'unreadable ffprobe output');
  }
  return info;
}

/** Describes a RIFF/WAVE file from its header alone; undefined when it is not one. */
export async function probeWavHeader(file: string): Promise<MediaInfo | undefined> {
  const layout = await readWavLayout(file).catch(() => undefined);
  if (!layout) return undefined;
  const track: AudioTrack = { index: 0, codec: 'pcm', channels: layout.channels, isDefault: true };
  return { durationSeconds: layout.durationSeconds, hasAudio: true, hasVideo: false, container: 'wav', audioTracks: [track] };
}

interface ProbeJson {
  format?: { format_name?: string; duration?: string };
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    channels?: number;
    duration?: string;
    width?: number;
    height?: number;
    tags?: { language?: string; title?: string };
    disposition?: { attached_pic?: number; default?: number };
  }>;
}

function parseProbe(json: string): MediaInfo | undefined {
  let parsed: ProbeJson;
  try {
    parsed = JSON.parse(json) as ProbeJson;
  } catch {
    return undefined;
  }
  const streams = parsed.streams ?? [];
  // The container's duration, else the longest stream's.
  const streamDurations = streams.map((s) => Number(s.duration)).filter((d) => Number.isFinite(d) && d > 0);
  const formatDuration = Number(parsed.format?.duration);
  const picture = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  return {
    durationSeconds: Number.isFinite(formatDuration) && formatDuration > 0 ? formatDuration : Math.max(0, ...streamDurations),
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
    // Cover art in an MP3 or M4A is a picture, not a video.
    hasVideo: picture !== undefined,
    ...(picture?.width && picture.height ? { videoWidth: picture.width, videoHeight: picture.height } : {}),
    container: parsed.format?.format_name ?? 'unknown',
    audioTracks: streams
      .filter((s) => s.codec_type === 'audio')
      .map((s, index) => ({
        index,
        codec: s.codec_name ?? 'unknown',
        channels: typeof s.channels === 'number' ? s.channels : undefined,
        // The tag "und" means the language is not known, which says nothing to a person choosing.
        language: s.tags?.language && s.tags.language !== 'und' ? s.tags.language : undefined,
        title: s.tags?.title || undefined,
        isDefault: s.disposition?.default === 1,
      })),
  };
}

function notMedia(file: string, detail: string): TranslateError {
  return new TranslateError('notMedia', `${file} is not an audio or video file that can be read.`, { detail });
}
