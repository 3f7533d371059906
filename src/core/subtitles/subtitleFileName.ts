import { findLanguage } from '../options/languages';
import type { SubtitleFormat } from './subtitleDocument';

/** The format a file name implies: `vtt` for `.vtt`, `srt` for `.srt`, else undefined. */
export function formatOfFile(name: string): SubtitleFormat | undefined {
  const ext = /\.([^./\\]+)$/u.exec(name)?.[1]?.toLowerCase();
  return ext === 'vtt' ? 'vtt' : ext === 'srt' ? 'srt' : undefined;
}

/**
 * The language a subtitle file's name gives before its extension, as our outputs are named
 * (`talk.ja.srt`, also `talk.pt-BR.vtt` or `talk.zh_Hans.srt`): one of the model's language codes,
 * or another two-letter ISO 639-1 code (`talk.he.srt`: subtitles in Hebrew are checked by the
 * rules for most languages, not by English's), or undefined when the name names none.
 */
export function languageOfFile(name: string): string | undefined {
  const base = name.split(/[/\\]/u).pop() ?? '';
  const tag = /\.([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*\.[^.]+$/u.exec(base)?.[1];
  if (!tag) return undefined;
  const known = findLanguage(tag)?.code;
  if (known) return known;
  // Three letters are left out: too many words of three letters are also codes ("new" is Newari).
  return tag.length === 2 && languageNames.of(tag.toLowerCase()) !== undefined ? tag.toLowerCase() : undefined;
}

/** Names of languages by code, undefined for a code that is none. */
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
