import * as path from 'node:path';
import { TranslateError } from '../errors';
import type { IfExists, OutputFormat } from '../job';

/**
 * Where one output of a run goes: `<dir>/<stem>.<language>.<format>`, beside the input unless
 * `outDir` is given. The stem is the input's name without its last extension, so `my.talk.mp4`
 * gives `my.talk.en.srt`.
 */
export function outputPathFor(input: string, language: string, format: OutputFormat, outDir?: string): string {
  const [stem] = splitExtension(path.basename(input));
  const ext = format === 'mp4' ? dubbedVideoExtension(input) : format;
  return path.join(outDir ?? path.dirname(input), `${stem}.${language}.${ext}`);
}

/** The dubbed video's extension: `mkv` for MKV and WebM sources (their codecs may not fit an MP4), else `mp4`. */
export function dubbedVideoExtension(input: string): 'mp4' | 'mkv' {
  return /\.(mkv|webm)$/i.test(input) ? 'mkv' : 'mp4';
}

/** The first free name of the form `talk.en (2).srt`, `talk.en (3).srt`, … for a taken `talk.en.srt`. */
export function keepBothPath(file: string, exists: (p: string) => boolean): string {
  for (let n = 2; ; n++) {
    const candidate = numbered(file, n);
    if (!exists(candidate)) return candidate;
  }
}

/**
 * The files a run will write, by format, after applying `ifExists` to those already there:
 * `overwrite` keeps the names, `fail` throws `outputExists` naming the existing files, and
 * `keepBoth` numbers every output of the run with the same free number so they stay together.
 */
export function planOutputs(
  input: string,
  language: string,
  formats: readonly OutputFormat[],
  o: { outDir?: string; ifExists: IfExists; exists: (p: string) => boolean },
): Partial<Record<OutputFormat, string>> {
  const plan: Partial<Record<OutputFormat, string>> = {};
  const unique = [...new Set(formats)];
  for (const format of unique) plan[format] = outputPathFor(input, language, format, o.outDir);
  const files = Object.values(plan) as string[];
  const taken = files.filter((f) => o.exists(f));
  if (taken.length === 0 || o.ifExists === 'overwrite') return plan;
  if (o.ifExists === 'fail') {
    const names = taken.map((f) => path.basename(f));
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    const verb = names.length === 1 ? 'already exists' : 'already exist';
    throw new TranslateError('outputExists', `${list} ${verb}.`, {
      next: 'replaceOutputs',
      detail: taken.join('\n'),
    });
  }
  for (let n = 2; ; n++) {
    if (files.some((f) => o.exists(numbered(f, n)))) continue;
    for (const format of unique) plan[format] = numbered(plan[format] as string, n);
    return plan;
  }
}

/** `talk.en.srt` with a number before its extension: `talk.en (n).srt`. */
function numbered(file: string, n: number): string {
  const [stem, ext] = splitExtension(path.basename(file));
  return path.join(path.dirname(file), `${stem} (${n})${ext}`);
}

/** A file name as [stem, extension]; a name like `.hidden` has no extension. */
function splitExtension(name: string): [string, string] {
  const ext = path.extname(name);
  return [name.slice(0, name.length - ext.length), ext];
}
