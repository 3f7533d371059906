/** The ISO 639-2 code a container's language tag wants, for the model's language codes; `und` when unknown. */
export function trackLanguage(code: string | undefined): string {
  if (!code) return 'und';
  if (code.length === 3) return code;
  return iso6392[code] ?? 'und';
}

const iso6392: Readonly<Record<string, string>> = {
  en: 'eng', zh: 'zho', ru: 'rus', fr: 'fra', de: 'deu', pt: 'por', es: 'spa', it: 'ita', ko: 'kor',
  ja: 'jpn', yue: 'yue', id: 'ind', vi: 'vie', th: 'tha', ar: 'ara', hi: 'hin', el: 'ell', tr: 'tur',
};
