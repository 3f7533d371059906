import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { TranslateError } from '../errors';
import { writeFileAtomic } from '../output/atomicFile';
import { PieceCache } from '../run/pieceCache';
import { speechOf } from '../run/pieceResult';
import { trackKey } from '../source/fileHash';
import { clock } from '../timeline';
import { readRecord } from './readRecord';
import { renderDub, renderText, type TextFormat } from './render';
import type { TranslationRecord } from './schema';

/** The formats `renderRecordFiles` can rebuild: the text outputs, and the dub track from the cache. */
export type RenderFormat = Exclude<TextFormat, 'json'> | 'wav';

/** What rendering a record did with each file. */
export interface RenderedFile {
  format: RenderFormat;
  file: string;
  /** `unchanged` when the file already held exactly what the record renders to. */
  outcome: 'written' | 'unchanged';
}

/**
 * Rebuilds a run's outputs from its translation record, with no request and no key: `talk.en.json`
 * gives `talk.en.srt` and so on, beside the record or in `outDir`, byte for byte what the run
 * wrote (a hand-edited record renders the edit). The dub track needs each piece's speech from the
 * cache of finished pieces. A file that exists and differs is replaced only with `force`, so edits
 * made to an output itself are not lost by accident.
 */
export async function renderRecordFiles(
  recordFile: string,
  o: { formats: readonly RenderFormat[]; outDir?: string; force?: boolean; cacheDir?: string },
): Promise<RenderedFile[]> {
  const record = await readRecord(recordFile);
  const base = path.basename(recordFile).replace(/\.json$/iu, '');
  const dir = o.outDir ?? path.dirname(recordFile);
  const plan = [...new Set(o.formats)].map((format) => ({ format, file: path.join(dir, `${base}.${format}`) }));
  const texts = new Map(plan.filter((p) => p.format !== 'wav').map((p) => [p.file, renderText(record, p.format as TextFormat)]));
  const outcomes = new Map<string, RenderedFile['outcome']>();
  const differing: string[] = [];
  for (const { file } of plan) {
    const existing = await fs.readFile(file).catch(() => undefined);
    if (existing === undefined) continue;
    const wanted = texts.get(file);
    if (wanted !== undefined && existing.equals(Buffer.from(wanted))) outcomes.set(file, 'unchanged');
    else if (!o.force) differing.push(path.basename(file));
  }
  if (differing.length > 0) {
    throw new TranslateError('outputExists', `${differing.join(', ')} already ${differing.length === 1 ? 'exists and differs' : 'exist and differ'} from what the record renders.`, { next: 'replaceOutputs' });
  }
  const speech = plan.some((p) => p.format === 'wav') ? await speechFromCache(record, recordFile, o.cacheDir) : undefined;
  await fs.mkdir(dir, { recursive: true });
  const done: RenderedFile[] = [];
  for (const { format, file } of plan) {
    if (outcomes.get(file) === 'unchanged') {
      done.push({ format, file, outcome: 'unchanged' });
      continue;
    }
    if (format === 'wav') await renderDub(record, file, speech as (i: number) => Promise<Buffer | undefined>);
    else await writeFileAtomic(file, texts.get(file) as string);
    done.push({ format, file, outcome: 'written' });
  }
  return done;
}

/** Each record piece's speech, from the cache entry of the piece it was cut from; fails before writing when any is missing. */
export async function speechFromCache(record: TranslationRecord, recordFile: string, cacheDir: string | undefined): Promise<(i: number) => Promise<Buffer | undefined>> {
  const name = path.basename(recordFile);
  if (!record.options.voice || !record.pieces.some((p) => p.dub)) {
    throw new TranslateError('badOption', `${name} holds no translated speech, so there is no dub track to render.`);
  }
  if (!cacheDir) throw new TranslateError('badOption', `The dub track is rendered from the cache of finished pieces, which is turned off.`);
  const o = record.options;
  const cache = new PieceCache(cacheDir, trackKey(record.source.sha256, { audioTrack: record.source.audioStream }), {
    model: o.model,
    targetLanguage: o.targetLanguage,
    sourceLanguage: o.sourceLanguage,
    voice: o.voice,
    sampling: o.sampling,
    video: o.videoContext === true,
  });
  const speech: (Buffer | undefined)[] = [];
  for (const index of new Set(record.pieces.map((p) => p.index))) {
    const parts = record.pieces.map((p, i) => ({ p, i })).filter(({ p }) => p.index === index);
    const first = parts[0].p;
    const last = parts[parts.length - 1].p;
    const cached = await cache.get({ index, start: first.start, end: last.end, speech: [] });
    if (parts.some(({ p }) => p.dub) && (!cached || cached.parts.length !== parts.length)) {
      throw new TranslateError('badRecord', `The speech of ${clock(first.start)}–${clock(last.end)} is not in the cache of finished pieces, so the dub track cannot be rendered from ${name}; translate the file again to rebuild it.`);
    }
    parts.forEach(({ i }, k) => (speech[i] = cached ? (parts.length === 1 ? speechOf(cached) : cached.parts[k].pcm) : undefined));
  }
  return async (i) => speech[i];
}
