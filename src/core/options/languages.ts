import { TranslateError } from '../errors';

/** A language the model translates from and to. */
export interface Language {
  code: string;
  name: string;
  /** True when the model can speak translations into it. */
  speech: boolean;
  /** True for scripts read per character (subtitle lines are shorter and timing counts characters). */
  cjk: boolean;
}

/** The 18 documented languages; 11 can be spoken, 7 are text only. */
export const languages: readonly Language[] = [
  { code: 'en', name: 'English', speech: true, cjk: false },
  { code: 'zh', name: 'Chinese', speech: true, cjk: true },
  { code: 'ru', name: 'Russian', speech: true, cjk: false },
  { code: 'fr', name: 'French', speech: true, cjk: false },
  { code: 'de', name: 'German', speech: true, cjk: false },
  { code: 'pt', name: 'Portuguese', speech: true, cjk: false },
  { code: 'es', name: 'Spanish', speech: true, cjk: false },
  { code: 'it', name: 'Italian', speech: true, cjk: false },
  { code: 'ko', name: 'Korean', speech: true, cjk: true },
  { code: 'ja', name: 'Japanese', speech: true, cjk: true },
  { code: 'yue', name: 'Cantonese', speech: true, cjk: true },
  { code: 'id', name: 'Indonesian', speech: false, cjk: false },
  { code: 'vi', name: 'Vietnamese', speech: false, cjk: false },
  { code: 'th', name: 'Thai', speech: false, cjk: false },
  { code: 'ar', name: 'Arabic', speech: false, cjk: false },
  { code: 'hi', name: 'Hindi', speech: false, cjk: false },
  { code: 'el', name: 'Greek', speech: false, cjk: false },
  { code: 'tr', name: 'Turkish', speech: false, cjk: false },
];

/** The language with this code or English name (any case), or undefined. */
export function findLanguage(codeOrName: string): Language | undefined {
  const wanted = codeOrName.trim().toLowerCase();
  return languages.find((l) => l.code === wanted || l.name.toLowerCase() === wanted);
}

/** The language for a code or name typed by a user; throws `unknownLanguage` listing the valid ones. */
export function resolveLanguage(codeOrName: string): Language {
  const found = findLanguage(codeOrName);
  if (found) return found;
  const list = languages.map((l) => `${l.code} (${l.name})`).join(', ');
  throw new TranslateError('unknownLanguage', `Unknown language "${codeOrName}". Use one of: ${list}.`);
}

/** Characters per subtitle line for a target language (subtitle-standards.md). */
export function lineLength(code: string): number {
  if (code === 'ja') return 13;
  return findLanguage(code)?.cjk ? 16 : 42;
}
