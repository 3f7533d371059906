import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRecord } from '../../core/record/readRecord';
import type { TranslationRecord } from '../../core/record/schema';
import { isMediaFile, mediaExtensions } from '../../core/source/discover';

/** A subtitle file and what the preview plays with it. */
export interface PreviewPair {
  subtitles: string;
  /** The source; undefined when none lies beside the subtitles. */
  media?: string;
  /** The translation record `<stem>.<lang>.json` beside the subtitles, when there is one. */
  recordFile?: string;
  record?: TranslationRecord;
  /** The dub track `<stem>.<lang>.wav` beside the subtitles, when there is one. */
  dub?: string;
}

/** True for the subtitle files the preview opens. */
export function isSubtitleFile(file: string): boolean {
  return /\.(srt|vtt)$/iu.test(file);
}

/**
 * What the preview plays with a subtitle file: the source named by the record beside it (which a
 * run writes as `<stem>.<lang>.json`), else a media file of the same stem in the same folder.
 */
export function pairForSubtitles(subtitles: string): PreviewPair {
  const base = subtitles.replace(/\.(srt|vtt)$/iu, '');
  const recordFile = `${base}.json`;
  const record = readQuietly(recordFile);
  const dub = isFile(`${base}.wav`) ? `${base}.wav` : undefined;
  if (record) {
    const media = path.resolve(path.dirname(recordFile), record.source.path);
    return { subtitles, media: isFile(media) ? media : undefined, recordFile, record, dub };
  }
  const dir = path.dirname(subtitles);
  const names = [path.basename(base), path.basename(base).replace(/\.[^.]+$/u, '')];
  for (const stem of names) {
    for (const ext of mediaExtensions) {
      const media = path.join(dir, stem + ext);
      if (media !== dub && isFile(media)) return { subtitles, media, dub };
    }
  }
  return { subtitles, dub };
}

/**
 * The subtitle files beside a media file that translate it: `<stem>.<lang>.srt` or `.vtt`, newest
 * first, leaving out those whose record names another source.
 */
export function subtitlesForMedia(media: string): string[] {
  const dir = path.dirname(media);
  const stem = path.basename(media, path.extname(media));
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(`${stem}.`) && isSubtitleFile(n))
    .map((n) => path.join(dir, n))
    .filter((f) => pairForSubtitles(f).media === path.resolve(media))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
}

/** True when the file is media the preview can start from (a dub track is not: its subtitles are beside the source). */
export function isPreviewableMedia(file: string): boolean {
  return isMediaFile(file) && subtitlesForMedia(file).length > 0;
}

function readQuietly(file: string): TranslationRecord | undefined {
  try {
    return parseRecord(fs.readFileSync(file, 'utf8'), path.basename(file));
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
