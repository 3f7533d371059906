import { findLanguage, lineLength } from '../options/languages';
import { breakWordsFor, type BreakWords } from './breakWords';

/**
 * A unit a subtitle may break around: a word, or in Chinese and Japanese a character (with the
 * punctuation that clings to it).
 */
export interface Token {
  text: string;
  /** True when a space separates it from the token before. */
  space: boolean;
  /**
   * Set on the first parts of a word cut because it is longer than a line: `hyphen` shows a hyphen
   * when a line ends after it, `plain` was cut at a hyphen already in the word or in a script
   * that does not hyphenate.
   */
  cut?: 'hyphen' | 'plain';
}

/** How subtitles are laid out for one target language. */
export interface LayoutRules {
  /** Characters per line. */
  maxLine: number;
  /** Lines per cue: 2, or 1 where a profile asks for single lines. */
  maxLines: 1 | 2;
  /** True for scripts timed per character (Chinese, Japanese, Korean). */
  cjk: boolean;
  /** True when lines break between characters rather than at spaces (Chinese, Japanese). */
  perCharacter: boolean;
  /** The language's words and characters that decide good and bad places to break. */
  words: BreakWords;
}

/**
 * The layout rules for a target language code; unknown codes are laid out like English. `maxLine`
 * overrides the language's line length and `maxLines` the two lines (a profile's own limits).
 */
export function layoutRules(language: string, maxLine?: number, maxLines = 2): LayoutRules {
  const code = findLanguage(language)?.code ?? language.trim().toLowerCase();
  const cjk = findLanguage(code)?.cjk ?? false;
  return {
    maxLine: maxLine ?? lineLength(code),
    maxLines: maxLines < 2 ? 1 : 2,
    cjk,
    perCharacter: code === 'zh' || code === 'ja' || code === 'yue',
    words: breakWordsFor(code),
  };
}

/** Splits text into tokens, cutting any word longer than a line so that every token fits one. */
export function tokenize(text: string, rules: LayoutRules): Token[] {
  const normal = text.replace(/\s+/gu, ' ').trim();
  if (!normal) return [];
  const raw = rules.perCharacter ? characterTokens(normal) : wordTokens(normal);
  return raw.flatMap((t) => cutLongToken(t, rules.maxLine));
}

/** The text of tokens on one line, with a hyphen when the line ends inside a cut word. */
export function renderLine(tokens: readonly Token[]): string {
  let line = '';
  tokens.forEach((t, i) => {
    if (i > 0 && t.space) line += ' ';
    line += t.text;
  });
  if (tokens[tokens.length - 1]?.cut === 'hyphen') line += '-';
  return line;
}

/** Length as a viewer counts it: one per character, whatever its width. */
export function textLength(text: string): number {
  let n = 0;
  // Count code points: the second half of a surrogate pair is not a character of its own.
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) n++;
  }
  return n;
}

/**
 * Lays tokens out as one line when they fit, else as the best two lines, or undefined when no
 * two lines hold them. Two lines break at the cheapest point by `breakCost`, leaning towards a
 * shorter top line (bottom-heavy), so the eye reads the longer line last.
 */
export function layoutLines(tokens: readonly Token[], rules: LayoutRules): string[] | undefined {
  return bestLayout(tokens, rules)?.lines;
}

/** Like `layoutLines`, with what the chosen line break costs (0 for one line). */
export function bestLayout(tokens: readonly Token[], rules: LayoutRules): { lines: string[]; cost: number } | undefined {
  const total = tokensLength(tokens);
  if (total <= rules.maxLine) return { lines: [renderLine(tokens)], cost: 0 };
  if (rules.maxLines === 1) return undefined;
  // Lengths are counted, not rendered, because cue layout tries many candidate cues.
  let best: { cost: number; k: number } | undefined;
  let before = 0;
  for (let k = 1; k < tokens.length; k++) {
    before += textLength(tokens[k - 1].text) + (k > 1 && tokens[k - 1].space ? 1 : 0);
    const n1 = before + (tokens[k - 1].cut === 'hyphen' ? 1 : 0);
    if (n1 > rules.maxLine) break;
    const n2 = total - before - (tokens[k].space ? 1 : 0);
    if (n2 > rules.maxLine) continue;
    const shape = n1 > n2 ? (n1 - n2) * 0.6 : (n2 - n1) * 0.25;
    const cost = breakCost(tokens[k - 1], tokens[k], rules) + shape;
    if (!best || cost < best.cost) best = { cost, k };
  }
  if (!best) return undefined;
  return { lines: [renderLine(tokens.slice(0, best.k)), renderLine(tokens.slice(best.k))], cost: best.cost };
}

/** The length of `renderLine(tokens)`, without building it. */
export function tokensLength(tokens: readonly Token[]): number {
  let n = 0;
  tokens.forEach((t, i) => {
    n += textLength(t.text) + (i > 0 && t.space ? 1 : 0);
  });
  return n + (tokens[tokens.length - 1]?.cut === 'hyphen' ? 1 : 0);
}

/**
 * What it costs to break a line or a cue between two tokens: 0 after a sentence, about 2 after
 * a clause, 15 before a conjunction or preposition, 30 at a plain word boundary, 60 inside a cut
 * word and 150 after an article or a word that belongs with what follows.
 */
export function breakCost(prev: Token, next: Token, rules: LayoutRules): number {
  if (prev.cut === 'hyphen') return 60;
  if (prev.cut === 'plain') return 35;
  if (sentenceEnd.test(prev.text)) return 0;
  if (clauseEnd.test(prev.text) || /^[—–]/u.test(next.text)) return 2;
  if (rules.perCharacter) return characterBreakCost(prev, next, rules.words);
  const last = bareWord(prev.text);
  if (rules.words.sticky.has(last)) return 150;
  if (rules.words.leads.has(bareWord(next.text))) return 15;
  // A one- or two-letter word at the end of a line ("I", "we") usually leans on the next one.
  if (textLength(last) <= 2 && /\p{L}/u.test(last)) return 45;
  return 30;
}

/**
 * True when a sentence ends between the tokens, so a new cue must begin. A full stop after an
 * abbreviation or an initial, or before a lower-case word, does not end a sentence.
 */
export function endsSentence(prev: Token, next: Token): boolean {
  if (!sentenceEnd.test(prev.text)) return false;
  const core = prev.text.replace(trailingClosers, '');
  if (/[。！？]$/u.test(core)) return true;
  if (/^[\p{Ps}\p{Pi}"'«¿¡]*\p{Ll}/u.test(next.text)) return false;
  if (!core.endsWith('.')) return true;
  const word = bareWord(core.slice(0, -1));
  if (abbreviations.has(word)) return false;
  // An initial ("J.") or a dotted abbreviation ("U.S.") is not the end of a sentence.
  return !/^(\p{L}\.)*\p{L}$/u.test(word);
}

/** True for a character set full-width in subtitles: Chinese, Japanese and Korean letters and marks. */
export function isWide(ch: string): boolean {
  return wide.test(ch);
}

/** Tokens joined as the text reads, without the hyphens that mark a cut at the end of a line. */
export function joinTokens(tokens: readonly Token[]): string {
  return tokens.map((t, i) => (i > 0 && t.space ? ` ${t.text}` : t.text)).join('');
}

/** The lower-case word without surrounding punctuation, for looking it up in the break lists. */
export function bareWord(text: string): string {
  return text.toLowerCase().replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
}

const closers = `\\p{Pe}\\p{Pf}"'”’」』）)\\]»›`;
const trailingClosers = new RegExp(`[${closers}]+$`, 'u');
const sentenceEnd = new RegExp(`[.!?…。！？।؟‼⁇⁈⁉][${closers}]*$`, 'u');
const clauseEnd = new RegExp(`[,;:—–\\-，、；：،؛][${closers}]*$`, 'u');

const abbreviations = new Set(
  'mr mrs ms dr prof st vs etc e.g i.e no nr jr sr inc ltd co fig approx ca bzw usw z.b d.h u.a sra sr srta mme mlle p.ex'.split(' '),
);

const wide = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
// Punctuation that clings to the character before it (closing marks, commas, stops).
const clingsBack = /^[\p{Pe}\p{Pf}。，、；：！？…‥・ー」』）】〉》〕”’.,;:!?%)\]}]+$/u;
// Punctuation that clings to the character after it (opening brackets and quotes).
const clingsForward = /^[\p{Ps}\p{Pi}「『（【〈《〔“‘(\[{]+$/u;

/** Chinese and Japanese: a token per wide character; runs of Latin letters or digits stay whole. */
function characterTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let space = false;
  let forward = '';
  const push = (piece: string): void => {
    if (clingsBack.test(piece) && tokens.length > 0 && !forward && !space) {
      tokens[tokens.length - 1].text += piece;
      return;
    }
    if (clingsForward.test(piece)) {
      forward += piece;
      return;
    }
    tokens.push({ text: forward + piece, space: space && tokens.length > 0 });
    forward = '';
    space = false;
  };
  for (const match of text.matchAll(/\s+|[^\s]/gu)) {
    const ch = match[0];
    if (/^\s+$/u.test(ch)) {
      space = true;
      continue;
    }
    const last = tokens[tokens.length - 1];
    // Narrow letters, digits and their inner punctuation ("3.5", "AI") extend the run before them.
    if (!wide.test(ch) && !space && !forward && last && !clingsForward.test(ch) && isNarrowRun(last.text, ch)) {
      last.text += ch;
      continue;
    }
    push(ch);
  }
  if (forward) tokens.push({ text: forward, space: false });
  return tokens;
}

function isNarrowRun(before: string, ch: string): boolean {
  const tail = before[before.length - 1];
  if (wide.test(tail)) return false;
  if (/[\p{L}\p{N}]/u.test(ch)) return /[\p{L}\p{N}'’.\-]/u.test(tail);
  // Inner punctuation joins a run only when a letter or digit precedes it ("3.5", "e-mail").
  return /['’.\-]/u.test(ch) && /[\p{L}\p{N}]/u.test(tail);
}

/** Words at spaces; a word of only punctuation ("—", French "!") joins a neighbour. */
function wordTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let forward = '';
  for (const word of text.split(' ')) {
    const onlyPunctuation = /^[\p{P}\p{S}]+$/u.test(word);
    if (onlyPunctuation && /^[\p{Ps}\p{Pi}«¿¡„‚]+$/u.test(word)) {
      forward += `${word} `;
      continue;
    }
    if (onlyPunctuation && tokens.length > 0 && !forward) {
      tokens[tokens.length - 1].text += ` ${word}`;
      continue;
    }
    tokens.push({ text: forward + word, space: tokens.length > 0 });
    forward = '';
  }
  if (forward) tokens.push({ text: forward.trim(), space: tokens.length > 0 });
  return tokens;
}

/** Cuts a token longer than a line: at its own hyphens when that suffices, else into even parts. */
function cutLongToken(token: Token, maxLine: number): Token[] {
  if (textLength(token.text) <= maxLine) return [token];
  const parts: string[] = [];
  for (const piece of token.text.match(/[^-]+-*|-+/gu) ?? [token.text]) {
    const last = parts[parts.length - 1];
    if (last !== undefined && textLength(last + piece) <= maxLine) parts[parts.length - 1] = last + piece;
    else parts.push(piece);
  }
  const out: Token[] = [];
  parts.forEach((part, i) => {
    const chars = Array.from(part);
    const first = i === 0 ? token.space : false;
    if (chars.length <= maxLine) {
      out.push({ text: part, space: first, cut: 'plain' });
      return;
    }
    const hyphenates = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u.test(part);
    const room = hyphenates ? maxLine - 1 : maxLine;
    const count = Math.ceil(chars.length / room);
    const size = Math.ceil(chars.length / count);
    for (let at = 0; at < chars.length; at += size) {
      out.push({ text: chars.slice(at, at + size).join(''), space: at === 0 ? first : false, cut: hyphenates ? 'hyphen' : 'plain' });
    }
  });
  // The last part ends the word, so it carries the word's own ending and no cut mark.
  const tail = out[out.length - 1];
  delete tail.cut;
  return out;
}

function characterBreakCost(prev: Token, next: Token, words: BreakWords): number {
  const before = Array.from(prev.text).pop() ?? '';
  const after = Array.from(next.text)[0] ?? '';
  if (words.noBreakBefore.has(after)) return 80;
  if (words.breakAfter.has(before)) return 10;
  // A number stays with the characters around it ("第5段", "3个", "2024年"): they are one word.
  if (/\p{N}$/u.test(prev.text) || /^\p{N}/u.test(next.text)) return 60;
  // A switch between a Latin word and Chinese or Japanese characters is a natural word boundary.
  if (wide.test(before) !== wide.test(after)) return 15;
  return 30;
}
