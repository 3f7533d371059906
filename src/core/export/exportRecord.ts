import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { TranslateError } from '../errors';
import type { ExportMix } from '../job';
import { dubbedVideoExtension } from '../output/outputPaths';
import { readRecord } from '../record/readRecord';
import { renderDub } from '../record/render';
import { speechFromCache } from '../record/renderFiles';
import { exportDubbedVideo } from './dubbedVideo';

/** How to export a record's dubbed video. */
export interface ExportRecordOptions {
  /** Folder for the video; beside the record when undefined. */
  outDir?: string;
  mix?: ExportMix;
  /** The cache of finished pieces, which holds the speech the dub track is built from. */
  cacheDir?: string;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Replace an existing video of that name; otherwise it fails with `outputExists`. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/**
 * Exports the dubbed video of a translation record (`talk.en.json` gives `talk.en.mp4`, or `.mkv`
 * for an MKV or WebM source) with no request: the dub track is rebuilt from the cache of finished
 * pieces, or taken from the `.wav` beside the record when the cache no longer holds the speech.
 * Returns the video's path.
 */
export async function exportRecordVideo(recordFile: string, o: ExportRecordOptions = {}): Promise<string> {
  const record = await readRecord(recordFile);
  const name = path.basename(recordFile);
  const source = path.resolve(path.dirname(recordFile), record.source.path);
  if (!fs.existsSync(source)) {
    throw new TranslateError('fileNotFound', `${record.source.path}, the source of ${name}, is not there any more; put it back beside the record to export the dubbed video.`);
  }
  const base = name.replace(/\.json$/iu, '');
  const out = path.join(o.outDir ?? path.dirname(recordFile), `${base}.${dubbedVideoExtension(source)}`);
  if (!o.force && fs.existsSync(out)) {
    throw new TranslateError('outputExists', `${path.basename(out)} already exists.`, { next: 'replaceOutputs' });
  }
  const ffmpegPath = o.ffmpegPath ?? 'ffmpeg';
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'media-translate-dub-'));
  try {
    const dubWav = await dubTrackFor(recordFile, record, path.join(work, 'dub.wav'), { ...o, ffmpegPath });
    await exportDubbedVideo({
      record,
      source,
      dubWav,
      out,
      mix: o.mix,
      ffmpegPath,
      ffprobePath: o.ffprobePath ?? 'ffprobe',
      signal: o.signal,
      replace: o.force ?? false,
      onProgress: o.onProgress,
    });
    return out;
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}

/** The record's dub track: rendered from the cache into `temp`, else the `.wav` beside the record. */
async function dubTrackFor(
  recordFile: string,
  record: Awaited<ReturnType<typeof readRecord>>,
  temp: string,
  o: ExportRecordOptions & { ffmpegPath: string },
): Promise<string> {
  const beside = recordFile.replace(/\.json$/iu, '.wav');
  try {
    const speech = await speechFromCache(record, recordFile, o.cacheDir);
    await renderDub(record, temp, speech, { ffmpegPath: o.ffmpegPath, signal: o.signal });
    return temp;
  } catch (e) {
    if (TranslateError.is(e, 'badRecord') || (TranslateError.is(e, 'badOption') && record.pieces.some((p) => p.dub))) {
      if (fs.existsSync(beside)) return beside;
    }
    throw e;
  }
}
