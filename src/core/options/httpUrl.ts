import type { OutputFormat } from '../job';

/** Whether `value` is an http(s) link, the only kind of URL the API downloads media from. */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value);
}

/** What a translation from a link writes: the text, and the speech when a voice is set. Subtitles need the source's timeline, which a link does not give. */
export function urlOutputFormats(voice: string | undefined): OutputFormat[] {
  return voice ? ['txt', 'wav'] : ['txt'];
}
