import { parseSrt } from './parseSrt';
import { parseVtt } from './parseVtt';
import type { ParsedSubtitles, SubtitleFormat } from './subtitleDocument';

/** Reads a SubRip or WebVTT document; never throws (see `parseSrt` and `parseVtt`). */
export function parseSubtitles(text: string, format: SubtitleFormat): ParsedSubtitles {
  return format === 'vtt' ? parseVtt(text) : parseSrt(text);
}

/** The format a file name implies: `vtt` for `.vtt`, `srt` for `.srt`, else undefined. */
export function formatOfFile(name: string): SubtitleFormat | undefined {
  const ext = /\.([^./\\]+)$/u.exec(name)?.[1]?.toLowerCase();
  return ext === 'vtt' ? 'vtt' : ext === 'srt' ? 'srt' : undefined;
}
