import * as path from 'node:path';
import { renderRecordFiles, type RenderFormat } from '../core/record/renderFiles';
import { parseCommandLine, UsageError } from './args';
import { exportMixes, ffprobeBeside, type ExportMix } from '../core/job';
import { exportRecordVideo } from '../core/export/exportRecord';

export const renderUsage = `Usage: media-translate render <record.json> [--formats srt,vtt,txt,wav,mp4] [--out-dir <dir>] [--force] [--ffmpeg <path>]

Rebuilds the outputs of a translation from its record (<name>.<lang>.json, written with --formats json),
with no request and no key: byte for byte what the run wrote, or what an edited record now says.

Options:
  --formats <list>   Comma-separated: srt,vtt,txt,wav,mp4 (default: srt,txt). wav needs the cache of finished pieces.
                     mp4 is the dubbed video (.mkv for MKV/WebM sources), from the source beside the record
  --export-mix <mix> For mp4: ducked (default) or dubOnly
  --out-dir <dir>    Write there instead of beside the record
  --force            Replace outputs that differ from what the record renders (edits made to them are lost)
  --ffmpeg <path>    For mp4: the ffmpeg binary (default: ffmpeg on PATH; ffprobe beside it, else on PATH)`;

const renderFormats: readonly (RenderFormat | 'mp4')[] = ['srt', 'vtt', 'txt', 'wav', 'mp4'];

/** What `media-translate render` was asked to do. */
export interface RenderArgs {
  record?: string;
  formats: (RenderFormat | 'mp4')[];
  exportMix: ExportMix;
  outDir?: string;
  force: boolean;
  /** For mp4; undefined: ffmpeg on PATH. */
  ffmpeg?: string;
  help: boolean;
}

/** The options of `render`, as Node's parser takes them. */
const renderOptions = {
  formats: { type: 'string' },
  'out-dir': { type: 'string', short: 'o' },
  force: { type: 'boolean', default: false },
  'export-mix': { type: 'string' },
  ffmpeg: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Parses the arguments after `render`; throws UsageError with one sentence. */
export function parseRenderArgs(argv: string[]): RenderArgs {
  const parsed = parseCommandLine(argv, renderOptions);
  const v = parsed.values;
  if (parsed.positionals.length > 1) throw new UsageError('render takes one record; run it once per file.');
  const formats = (v.formats ?? 'srt,txt').split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  for (const f of formats) {
    if (!renderFormats.includes(f as RenderFormat | 'mp4')) throw new UsageError(`Unknown format "${f}" in --formats; render writes ${renderFormats.join(', ')}.`);
  }
  if (formats.length === 0) throw new UsageError(`--formats needs at least one of ${renderFormats.join(', ')}.`);
  if (v['out-dir'] !== undefined && v['out-dir'].trim() === '') throw new UsageError('--out-dir needs a folder.');
  const exportMix = exportMixes.find((m) => m.toLowerCase() === (v['export-mix'] ?? 'ducked').trim().toLowerCase());
  if (!exportMix) throw new UsageError(`--export-mix must be ${exportMixes.join(' or ')}, not "${v['export-mix']}".`);
  if (v.ffmpeg !== undefined && v.ffmpeg.trim() === '') throw new UsageError('--ffmpeg needs the path of an ffmpeg binary.');
  const ffmpeg = v.ffmpeg?.trim();
  return { record: parsed.positionals[0], formats: formats as (RenderFormat | 'mp4')[], exportMix, outDir: v['out-dir'], force: v.force, ffmpeg, help: v.help };
}

/** Renders a record's outputs and prints what it wrote; resolves with the lines to print. */
export async function runRender(args: RenderArgs, cacheDir: string, signal?: AbortSignal): Promise<string[]> {
  if (!args.record) throw new UsageError('Name the record to render, for example: media-translate render talk.en.json');
  const files = args.formats.filter((f): f is RenderFormat => f !== 'mp4');
  const done = files.length > 0 ? await renderRecordFiles(args.record, { formats: files, outDir: args.outDir, force: args.force, cacheDir }) : [];
  const lines = done.map((d) => (d.outcome === 'written' ? `Wrote ${d.file}` : `${path.basename(d.file)} is already up to date.`));
  if (args.formats.includes('mp4')) {
    const tools = args.ffmpeg ? { ffmpegPath: args.ffmpeg, ffprobePath: ffprobeBeside(args.ffmpeg) } : {};
    const video = await exportRecordVideo(args.record, { outDir: args.outDir, mix: args.exportMix, cacheDir, force: args.force, signal, ...tools });
    lines.push(`Wrote ${video}`);
  }
  return lines;
}
