import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { TranslateError, isAbortError } from '../errors';
import type { ExportMix } from '../job';
import { findLanguage } from '../options/languages';
import { AtomicFile } from '../output/atomicFile';
import { renderText } from '../record/render';
import type { TranslationRecord } from '../record/schema';
import { probeMedia } from '../source/probe';
import { inputArg, lastLine, startTool } from '../tools/ffmpeg';
import { readProgress } from './ffmpegProgress';
import { trackLanguage } from './trackLanguage';

/** What exporting a dubbed video needs: the record, its source and its dub track, and where to write. */
export interface DubbedVideoRequest {
  record: TranslationRecord;
  /** The media the record translates. */
  source: string;
  /** The record's dub track (24 kHz mono WAV on the source's timeline). */
  dubWav: string;
  /** `<stem>.<lang>.mp4`, or `.mkv` for MKV and WebM sources. */
  out: string;
  /** Default `ducked`. */
  mix?: ExportMix;
  ffmpegPath: string;
  ffprobePath: string;
  signal?: AbortSignal;
  /** Replace a file of that name (default true); false fails with `outputExists` if one appears. */
  replace?: boolean;
  /** The share written so far, 0 to 1, as ffmpeg reports it. */
  onProgress?: (fraction: number) => void;
}

/**
 * Writes the dubbed video: the source's picture copied as it is (not re-encoded); audio 1 the dub
 * over the original sound lowered while the dub speaks (or the dub alone with `dubOnly`); audio 2
 * the original sound; the subtitles as a text track (`mov_text` in MP4, SRT in MKV); each track
 * with its language and a title. It needs no request. The file appears only when complete; on
 * abort ffmpeg is stopped, nothing is left behind, and it throws `cancelled`.
 */
export async function exportDubbedVideo(r: DubbedVideoRequest): Promise<void> {
  await (await stageDubbedVideo(r)).commit();
}

/**
 * The dubbed video written to its temporary file and not yet put in place, so that a translation
 * can commit it together with its other outputs, or abort them all (`commitTogether`).
 */
export async function stageDubbedVideo(r: DubbedVideoRequest): Promise<AtomicFile> {
  const info = await probeMedia(r.source, { ffprobePath: r.ffprobePath, signal: r.signal });
  if (!info.hasVideo) {
    throw new TranslateError('badOption', `${path.basename(r.source)} has no picture, so there is no video to dub. Use the dub track (.wav) instead.`);
  }
  const matroska = path.extname(r.out).toLowerCase() === '.mkv';
  const stream = r.record.source.audioStream;
  const original = info.audioTracks[stream];
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'media-translate-export-'));
  let file: AtomicFile | undefined;
  try {
    const subtitles = r.record.cues.length > 0 ? path.join(work, 'subtitles.srt') : undefined;
    if (subtitles) await fsp.writeFile(subtitles, renderText(r.record, 'srt'));
    file = await AtomicFile.open(r.out, { replace: r.replace ?? true });
    const args = exportArgs(r, {
      subtitles,
      matroska,
      stream,
      copyOriginal: matroska || copiesIntoMp4.has(original?.codec ?? ''),
      originalLanguage: r.record.options.sourceLanguage ?? original?.language,
      target: file.tempPath,
    });
    const tool = await startTool(r.ffmpegPath, args, { signal: r.signal });
    const progress = readProgress(tool.stdout, info.durationSeconds, (f) => r.onProgress?.(f));
    const exit = await tool.exit;
    await progress.catch(() => undefined);
    if (exit.code !== 0) {
      throw new TranslateError('writeFailed', `Could not write ${path.basename(r.out)}: ffmpeg stopped (${lastLine(exit.stderr) || `exit code ${exit.code}`}).`, { detail: exit.stderr });
    }
    return file;
  } catch (e) {
    await file?.abort();
    if (r.signal?.aborted || isAbortError(e)) throw new TranslateError('cancelled', `The export of ${path.basename(r.out)} was cancelled.`);
    throw e;
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}

/** Audio codecs an MP4 holds as they are, so the original sound is copied rather than encoded again. */
const copiesIntoMp4 = new Set(['aac', 'mp3', 'ac3', 'eac3', 'alac', 'opus', 'flac']);

interface ArgPlan {
  subtitles?: string;
  matroska: boolean;
  stream: number;
  copyOriginal: boolean;
  originalLanguage?: string;
  target: string;
}

function exportArgs(r: DubbedVideoRequest, p: ArgPlan): string[] {
  const o = r.record.options;
  const target = findLanguage(o.targetLanguage)?.name ?? o.targetLanguage;
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', inputArg(r.source), '-i', inputArg(r.dubWav)];
  if (p.subtitles) args.push('-f', 'srt', '-i', inputArg(p.subtitles));
  args.push('-filter_complex', mixGraph(r.mix ?? 'ducked', p.stream));
  args.push('-map', '0:v:0', '-map', '[dubbed]', '-map', `0:a:${p.stream}`);
  if (p.subtitles) args.push('-map', '2:0');
  args.push('-c:v', 'copy', '-c:a:0', 'aac', '-b:a:0', '160k');
  args.push('-c:a:1', ...(p.copyOriginal ? ['copy'] : ['aac', '-b:a:1', '160k']));
  if (p.subtitles) args.push('-c:s', p.matroska ? 'srt' : 'mov_text');
  const voice = o.voice ? ` (${o.voice})` : '';
  // MP4 players read a track's name from its handler; Matroska has a title field of its own.
  const name = (stream: string, title: string): string[] => [
    `-metadata:s:${stream}`, `title=${title}`,
    ...(p.matroska ? [] : [`-metadata:s:${stream}`, `handler_name=${title}`]),
  ];
  args.push(
    '-metadata:s:a:0', `language=${trackLanguage(o.targetLanguage)}`, ...name('a:0', `${target} dub${voice}`),
    '-metadata:s:a:1', `language=${trackLanguage(p.originalLanguage)}`, ...name('a:1', 'Original'),
    '-disposition:a:0', 'default', '-disposition:a:1', '0',
  );
  if (p.subtitles) {
    args.push('-metadata:s:s:0', `language=${trackLanguage(o.targetLanguage)}`, ...name('s:0', `${target} subtitles`), '-disposition:s:0', '0');
  }
  args.push('-progress', 'pipe:1', '-nostats');
  args.push(...(p.matroska ? ['-f', 'matroska'] : ['-f', 'mp4', '-movflags', '+faststart']), p.target);
  return args;
}

/**
 * The first audio track's filter graph. `ducked`: the dub keys a compressor on the original, so
 * the original drops well below the voice while it speaks and comes back between lines, keeping
 * music and effects; the dub is then laid on top. `dubOnly`: the dub alone.
 */
function mixGraph(mix: ExportMix, stream: number): string {
  const prepare = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo';
  if (mix === 'dubOnly') return `[1:a]${prepare}[dubbed]`;
  return [
    `[0:a:${stream}]${prepare}[original]`,
    `[1:a]${prepare},asplit=2[voice][key]`,
    '[original][key]sidechaincompress=threshold=0.01:ratio=6:attack=10:release=300:knee=2[lowered]',
    '[lowered][voice]amix=inputs=2:duration=first:normalize=0[dubbed]',
  ].join(';');
}
