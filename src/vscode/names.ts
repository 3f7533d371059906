/**
 * The names the pickers and the transcript show for the core's languages and voices, in the display
 * language. The core keeps its English names (the CLI and the translation record use them); each
 * name here is a literal `l10n.t` string so that `npm run l10n` finds it.
 */
import * as l10n from '@vscode/l10n';
import type { Language } from '../core/options/languages';
import type { Voice } from '../core/options/voices';

const languageNames: Readonly<Record<string, () => string>> = {
  en: () => l10n.t('English'),
  zh: () => l10n.t('Chinese'),
  ru: () => l10n.t('Russian'),
  fr: () => l10n.t('French'),
  de: () => l10n.t('German'),
  pt: () => l10n.t('Portuguese'),
  es: () => l10n.t('Spanish'),
  it: () => l10n.t('Italian'),
  ko: () => l10n.t('Korean'),
  ja: () => l10n.t('Japanese'),
  yue: () => l10n.t('Cantonese'),
  id: () => l10n.t('Indonesian'),
  vi: () => l10n.t('Vietnamese'),
  th: () => l10n.t('Thai'),
  ar: () => l10n.t('Arabic'),
  hi: () => l10n.t('Hindi'),
  el: () => l10n.t('Greek'),
  tr: () => l10n.t('Turkish'),
};

const voiceDescriptions: Readonly<Record<string, () => string>> = {
  Cherry: () => l10n.t('Bright, friendly young woman'),
  Nofish: () => l10n.t('Relaxed, casual man'),
  Ethan: () => l10n.t('Warm, lively man'),
  Jada: () => l10n.t('Brisk Shanghai woman'),
  Dylan: () => l10n.t('Young man from a Beijing hutong'),
  Sunny: () => l10n.t('Sweet Sichuan girl'),
  Peter: () => l10n.t('Tianjin crosstalk style'),
  Kiki: () => l10n.t('Sweet Hong Kong girl'),
  Eric: () => l10n.t('Offbeat man from Chengdu, Sichuan'),
};

/** The language's name; a language added to the core later shows its English name until translated. */
export function languageName(l: Language): string {
  return languageNames[l.code]?.() ?? l.name;
}

/** How a voice sounds when it speaks Chinese, said only when Chinese is the target. */
const voiceInChinese: Readonly<Record<string, () => string>> = {
  Nofish: () => l10n.t('Mandarin without retroflex sounds'),
  Ethan: () => l10n.t('standard Mandarin with a slight northern accent'),
};

/**
 * The voice's gender and description, as the speech picker shows them: its Chinese accent only
 * when Chinese is what it will speak (see `describeVoice` in the core).
 */
export function voiceDescription(v: Voice, targetCode: string): string {
  const own = voiceDescriptions[v.name]?.() ?? v.description;
  const accent = targetCode === 'zh' && v.inChinese ? (voiceInChinese[v.name]?.() ?? v.inChinese) : undefined;
  const description = accent ? l10n.t('{0}; {1}', own, accent) : own;
  return v.gender === 'female' ? l10n.t('female · {0}', description) : l10n.t('male · {0}', description);
}
