import {
  endsSentence,
  isWide,
  joinTokens,
  layoutLines,
  layoutRules,
  textLength,
  tokenize,
  tokensLength,
  type LayoutRules,
} from './textLayout';
import type { SubtitleRules } from './profiles';
import type { SubtitleFormat } from './subtitleDocument';

/**
 * What a viewer sees of a cue line: tags (`<i>`, `<font …>`, `<c.x>`, `<v Name>`, `{\an8}`) removed,
 * WebVTT's character references decoded, and invisible format characters (BOM, direction marks,
 * joiners) dropped, since none of them take room on screen.
 */
export function visibleText(text: string, format: SubtitleFormat): string {
  // A ruby's annotation is small print over its base text (WebVTT's <rt>), not part of the line.
  const unannotated = format === 'vtt' ? text.replace(rubyTextPattern, '') : text;
  const untagged = unannotated.replace(tagPatternAll, '');
  const decoded = format === 'vtt' ? untagged.replace(entityPattern, decodeEntity) : untagged;
  return decoded.replace(/\p{Cf}/gu, '');
}

/** The characters of one line as a viewer counts them (trimmed). */
export function lineChars(line: string, format: SubtitleFormat): number {
  return textLength(visibleText(line, format).trim());
}

/** The characters a viewer reads in a cue: every line's, without the line breaks or tags. */
export function readingChars(text: string, format: SubtitleFormat): number {
  return text.split('\n').reduce((n, line) => n + lineChars(line, format), 0);
}

/** The layout rules for a profile's limits: the language's break rules with the profile's line length. */
export function layoutFor(rules: SubtitleRules): LayoutRules {
  const key = `${rules.language} ${rules.maxLineChars}`;
  let found = layouts.get(key);
  if (!found) {
    found = { ...layoutRules(rules.language), maxLine: rules.maxLineChars };
    layouts.set(key, found);
  }
  return found;
}

// The break-word lists are built per call of layoutRules; a check asks for them once per cue.
const layouts = new Map<string, LayoutRules>();

/**
 * The cue's text laid out again within the limits: one line when it fits, else the best two
 * (`textLayout`'s choice of break), with every tag back beside the characters it marked. Undefined
 * when no layout within `maxLines` exists or when the layout would have to cut a word.
 */
export function relayout(text: string, rules: SubtitleRules, format: SubtitleFormat): string | undefined {
  const layout = layoutFor(rules);
  const marked = extract(text, format);
  const lines = layoutLines(tokenize(marked.plain, layout), layout);
  if (!lines || lines.length > Math.max(1, rules.maxLines)) return undefined;
  const laid = lines.join('\n');
  if (nonSpace(laid) !== nonSpace(marked.plain)) return undefined;
  return restore(reinsert(laid, marked.tags), marked.entities);
}

/**
 * The cue's text cut at the sentence end nearest its middle, each half laid out within the limits,
 * with the share of the characters that the first half holds. Undefined when the text has only
 * one sentence, holds tags (which a cut could leave unbalanced), or a half does not fit.
 */
export function splitAtSentence(
  text: string,
  rules: SubtitleRules,
  format: SubtitleFormat,
): { first: string; second: string; share: number } | undefined {
  if (tagPattern.test(text)) return undefined;
  const layout = layoutFor(rules);
  const marked = extract(text, format);
  const tokens = tokenize(marked.plain, { ...layout, maxLine: Number.MAX_SAFE_INTEGER });
  const total = tokensLength(tokens);
  let best: { k: number; off: number } | undefined;
  for (let k = 1; k < tokens.length; k++) {
    if (!endsSentence(tokens[k - 1], tokens[k])) continue;
    const off = Math.abs(tokensLength(tokens.slice(0, k)) * 2 - total);
    if (!best || off < best.off) best = { k, off };
  }
  if (!best) return undefined;
  const halves = [tokens.slice(0, best.k), tokens.slice(best.k)].map((part) => relayout(restore(joinTokens(part), marked.entities), rules, format));
  if (halves[0] === undefined || halves[1] === undefined) return undefined;
  const n1 = tokensLength(tokens.slice(0, best.k));
  return { first: halves[0], second: halves[1], share: n1 / (n1 + tokensLength(tokens.slice(best.k))) };
}

/** Joins two cues' texts into one, as `relayout` would show it; undefined when it does not fit. */
export function mergeTexts(a: string, b: string, rules: SubtitleRules, format: SubtitleFormat): string | undefined {
  if (!a.trim()) return relayout(b, rules, format);
  if (!b.trim()) return relayout(a, rules, format);
  return relayout(`${a}\n${b}`, rules, format);
}

/** True when a text holds nothing a viewer would see. */
export function isBlank(text: string, format: SubtitleFormat): boolean {
  return visibleText(text, format).trim() === '';
}

// Tags start with a letter, a slash or a digit (WebVTT's inline timestamps), so "a < b" is text.
const tagPattern = /<\/?[\p{L}\d][^<>\n]*>|<\/>|\{\\[^{}\n]*\}/u;
const tagPatternAll = new RegExp(tagPattern.source, 'gu');
/** WebVTT's ruby text, tags and all; its end tag may be left out before `</ruby>`. */
const rubyTextPattern = /<rt>[^<]*(?:<\/rt>)?/gu;
const entityPattern = /&(?:amp|lt|gt|nbsp|lrm|rlm|quot|apos|#\d+|#x[\da-f]+);/giu;
const entities: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&nbsp;': '\u00a0',
  '&lrm;': '',
  '&rlm;': '',
  '&quot;': '"',
  '&apos;': "'",
};

interface Tag {
  /** How many visible non-space characters come before it. */
  at: number;
  text: string;
  closing: boolean;
}

/**
 * The text with line breaks made into spaces (or nothing, between wide characters) and tags
 * taken out, and each character reference replaced by one private-use character, so that the
 * layout counts it as the one character it shows.
 */
function extract(text: string, format: SubtitleFormat): { plain: string; tags: Tag[]; entities: string[] } {
  const tags: Tag[] = [];
  const refs: string[] = [];
  let plain = '';
  let count = 0;
  const pattern = format === 'vtt' ? new RegExp(`${tagPattern.source}|${entityPattern.source}`, 'giu') : tagPatternAll;
  let last = 0;
  const addText = (s: string): void => {
    plain += s;
    count += nonSpace(s);
  };
  for (const m of joinLines(text).matchAll(pattern)) {
    addText(joinLines(text).slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    if (m[0].startsWith('&')) {
      refs.push(m[0]);
      addText(String.fromCodePoint(privateUse + refs.length - 1));
    } else {
      tags.push({ at: count, text: m[0], closing: m[0].startsWith('</') });
    }
  }
  addText(joinLines(text).slice(last));
  return { plain, tags, entities: refs };
}

/** Lines joined as they read: a space between words, nothing between Chinese or Japanese characters. */
function joinLines(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.reduce((out, line) => {
    if (!out) return line;
    const before = Array.from(out.replace(tagPatternAll, '')).pop() ?? '';
    const after = Array.from(line.replace(tagPatternAll, ''))[0] ?? '';
    return out + (isWide(before) && isWide(after) ? '' : ' ') + line;
  }, '');
}

/** Puts tags back: an opening tag before the character it preceded, a closing one after the character it followed. */
function reinsert(laid: string, tags: readonly Tag[]): string {
  let out = '';
  let count = 0;
  const emit = (closing: boolean): void => {
    for (const t of tags) if (t.at === count && t.closing === closing) out += t.text;
  };
  emit(true);
  for (const ch of laid) {
    if (/\s/u.test(ch)) {
      out += ch;
      continue;
    }
    emit(false);
    out += ch;
    count++;
    emit(true);
  }
  // Opening tags after the last character stay at the end.
  emit(false);
  return out;
}

function restore(text: string, refs: readonly string[]): string {
  if (refs.length === 0) return text;
  return Array.from(text)
    .map((ch) => {
      const k = (ch.codePointAt(0) ?? 0) - privateUse;
      return k >= 0 && k < refs.length ? refs[k] : ch;
    })
    .join('');
}

function decodeEntity(ref: string): string {
  const named = entities[ref.toLowerCase()];
  if (named !== undefined) return named;
  const code = /^&#x/iu.test(ref) ? parseInt(ref.slice(3, -1), 16) : parseInt(ref.slice(2, -1), 10);
  return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ref;
}

function nonSpace(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

const privateUse = 0xf0000;
