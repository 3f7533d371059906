import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { renderRecordFiles, type RenderFormat } from '../core/record/renderFiles';
import { UsageError } from './args';

export const renderUsage = `Usage: media-translate render <record.json> [--formats srt,vtt,txt,wav] [--out-dir <dir>] [--force]

Rebuilds the outputs of a translation from its record (<name>.<lang>.json, written with --formats json),
with no request and no key: byte for byte what the run wrote, or what an edited record now says.

Options:
  --formats <list>   Comma-separated: srt,vtt,txt,wav (default: srt,txt). wav needs the cache of finished pieces.
  --out-dir <dir>    Write there instead of beside the record
  --force            Replace outputs that differ from what the record renders (edits made to them are lost)`;

const renderFormats: readonly RenderFormat[] = ['srt', 'vtt', 'txt', 'wav'];

/** What `media-translate render` was asked to do. */
export interface RenderArgs {
  record?: string;
  formats: RenderFormat[];
  outDir?: string;
  force: boolean;
  help: boolean;
}

/** Parses the arguments after `render`; throws UsageError with one sentence. */
export function parseRenderArgs(argv: string[]): RenderArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        formats: { type: 'string' },
        'out-dir': { type: 'string', short: 'o' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (parsed.positionals.length > 1) throw new UsageError('render takes one record; run it once per file.');
  const formats = (v.formats ?? 'srt,txt').split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  for (const f of formats) {
    if (!renderFormats.includes(f as RenderFormat)) throw new UsageError(`Unknown format "${f}" in --formats; render writes ${renderFormats.join(', ')}.`);
  }
  if (formats.length === 0) throw new UsageError(`--formats needs at least one of ${renderFormats.join(', ')}.`);
  if (v['out-dir'] !== undefined && v['out-dir'].trim() === '') throw new UsageError('--out-dir needs a folder.');
  return { record: parsed.positionals[0], formats: formats as RenderFormat[], outDir: v['out-dir'], force: v.force, help: v.help };
}

/** Renders a record's outputs and prints what it wrote; resolves with the lines to print. */
export async function runRender(args: RenderArgs, cacheDir: string): Promise<string[]> {
  if (!args.record) throw new UsageError('Name the record to render, for example: media-translate render talk.en.json');
  const done = await renderRecordFiles(args.record, { formats: args.formats, outDir: args.outDir, force: args.force, cacheDir });
  return done.map((d) => (d.outcome === 'written' ? `Wrote ${d.file}` : `${path.basename(d.file)} is already up to date.`));
}
