import { parseSrt } from './parseSrt';
import { parseVtt } from './parseVtt';
import type { ParsedSubtitles, SubtitleFormat } from './subtitleDocument';

/** Reads a SubRip or WebVTT document; never throws (see `parseSrt` and `parseVtt`). */
export function parseSubtitles(text: string, format: SubtitleFormat): ParsedSubtitles {
  return format === 'vtt' ? parseVtt(text) : parseSrt(text);
}
