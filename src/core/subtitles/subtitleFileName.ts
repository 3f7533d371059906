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
 * or undefined when the name names none.
 */
export function languageOfFile(name: string): string | undefined {
  const base = name.split(/[/\\]/u).pop() ?? '';
  const tag = /\.([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*\.[^.]+$/u.exec(base)?.[1];
  return tag ? findLanguage(tag)?.code : undefined;
}
