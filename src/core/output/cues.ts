import type { Piece } from '../source/piece';
import type { Cue } from './cue';
import { SpeechClock } from './speechClock';
import {
  bestLayout,
  breakCost,
  endsSentence,
  isWide,
  joinTokens,
  layoutLines,
  layoutRules,
  renderLine,
  tokenize,
  tokensLength,
  type LayoutRules,
  type Token,
} from './textLayout';

/** The shortest time a cue should stay on screen, where the source allows. */
export const minCueSeconds = 1;
/** The longest time a cue may stay on screen; longer ones are split. */
export const maxCueSeconds = 7;
/** The least gap between cues: two frames at 24 fps, plus a millisecond that rounding may take. */
export const minGapSeconds = 0.084;
/** Reading time a cue may take after the end of the speech it translates. */
export const lingerSeconds = 0.5;

/**
 * Lays out one piece's translated text as timed cues of at most two lines each. Text is cut at
 * sentence ends, then at clauses and words, so every cue fits the target language's line length.
 * Time is shared out by text length over the piece's stretches of speech only, so each cue starts
 * at the first speech it translates and no cue is given to a pause. Cues then get 1–7 s on screen
 * where the source allows, never overlap, keep a two-frame gap, and stay in [start, end + 0.5 s].
 * Empty text gives no cues.
 */
export function layoutCues(text: string, piece: Pick<Piece, 'start' | 'end' | 'speech'>, o: { language: string }): Cue[] {
  const rules = layoutRules(o.language);
  const tokens = tokenize(text, rules);
  if (tokens.length === 0) return [];
  const clock = new SpeechClock(piece);
  const chunks = sentences(tokens).flatMap((s) => splitToFit(s, rules));
  const units = shareClock(chunks, clock, rules).flatMap((u) => splitLong(u, clock, rules));
  const timed = mergeShort(units, clock, rules).map((u) => ({
    text: linesFor(u.tokens, rules).join('\n'),
    start: clock.startAt(u.c0),
    end: clock.endAt(u.c1),
  }));
  return settle(timed, piece.start, Math.max(piece.start, piece.end) + lingerSeconds);
}

/**
 * Joins the cues of consecutive pieces into one track. Each piece's cues are already in order;
 * across pieces the earlier cue is shortened (or, when too short to shorten, the later one is
 * moved on) so that cues never overlap and keep the two-frame gap. Cues without text are dropped.
 */
export function joinCues(pieces: Cue[][]): Cue[] {
  const out: Cue[] = [];
  for (const cue of pieces.flat()) {
    if (!cue.text.trim()) continue;
    let start = cue.start;
    let end = Math.max(cue.end, cue.start);
    const prev = out[out.length - 1];
    if (prev && start < prev.end + minGapSeconds) {
      const keep = Math.min(visibleSeconds, prev.end - prev.start);
      prev.end = round(Math.max(Math.min(prev.end, start - minGapSeconds), prev.start + keep));
      if (start < prev.end + minGapSeconds) start = prev.end + minGapSeconds;
      end = Math.max(end, start + Math.min(visibleSeconds, Math.max(0.001, cue.end - cue.start)));
    }
    out.push({ start: round(start), end: round(end), text: cue.text });
  }
  return out;
}

/**
 * How long text takes to say, in arbitrary units. Latin scripts count characters (punctuation
 * half); Chinese, Japanese and Korean count each full-width character as 1, narrow letters and
 * digits as ½, and spaces and punctuation as little.
 */
export function cueWeight(text: string, cjk: boolean): number {
  let weight = 0;
  for (const ch of text) {
    if (/[\s\p{P}\p{S}]/u.test(ch)) weight += cjk ? 0.1 : /\s/u.test(ch) ? 1 : 0.5;
    else weight += !cjk || isWide(ch) ? 1 : 0.5;
  }
  return weight;
}

/** The least a cue is squeezed to when cues crowd each other: shorter would flicker unread. */
const visibleSeconds = 0.5;
/** A pause at least this long inside one cue splits it, so text does not hang over the silence. */
const splittingPauseSeconds = 1.5;
/** Short cues merge with a neighbour only across less silence than this. */
const mergeGapSeconds = 0.3;

/** A cue being built: its tokens and the stretch of speech clock it translates. */
interface Unit {
  tokens: Token[];
  c0: number;
  c1: number;
}

/** Cuts tokens into sentences; a sentence end always starts a new cue. */
function sentences(tokens: Token[]): Token[][] {
  const out: Token[][] = [[tokens[0]]];
  for (let i = 1; i < tokens.length; i++) {
    if (endsSentence(tokens[i - 1], tokens[i])) out.push([]);
    out[out.length - 1].push(tokens[i]);
  }
  return out;
}

/**
 * Cuts a sentence into the fewest cues that fit two lines, choosing among equal counts the cuts at
 * the best boundaries (clauses before conjunctions before plain words), the best line breaks
 * inside each cue, and evenly filled cues.
 */
function splitToFit(tokens: Token[], rules: LayoutRules): Token[][] {
  if (layoutLines(tokens, rules)) return [tokens];
  const full = 2 * rules.maxLine;
  const best: { cost: number; from: number }[] = [{ cost: 0, from: 0 }];
  for (let j = 1; j <= tokens.length; j++) {
    best[j] = { cost: Infinity, from: j - 1 };
    for (let i = j - 1; i >= 0; i--) {
      const chunk = tokens.slice(i, j);
      const length = tokensLength(chunk);
      // One space turns into the line break, so a cue may be one character over two full lines.
      if (length > full + 1) break;
      const layout = bestLayout(chunk, rules);
      if (!layout) continue;
      const empty = Math.max(0, full - length) / full;
      // Where a cue ends matters more than where a line ends: it also decides the timing.
      const cut = i > 0 ? 1.5 * breakCost(tokens[i - 1], tokens[i], rules) : 0;
      const cost = best[i].cost + 100 + cut + layout.cost + 30 * empty * empty;
      if (cost < best[j].cost) best[j] = { cost, from: i };
    }
  }
  const out: Token[][] = [];
  for (let j = tokens.length; j > 0; j = best[j].from) out.unshift(tokens.slice(best[j].from, j));
  return out;
}

/**
 * Shares the speech clock out by weight. A boundary near a pause moves onto it: speakers pause
 * between sentences and clauses, so the pause is better evidence than the text's length.
 */
function shareClock(chunks: Token[][], clock: SpeechClock, rules: LayoutRules): Unit[] {
  const weights = chunks.map((c) => weightOf(c, rules));
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = [0];
  let sum = 0;
  for (const w of weights) {
    sum += w;
    shares.push((clock.total * sum) / total);
  }
  shares[shares.length - 1] = clock.total;
  const bounds = shares.slice();
  const pauses = clock.pauses();
  for (let i = 1; i < chunks.length; i++) {
    const sentence = endsSentence(chunks[i - 1][chunks[i - 1].length - 1], chunks[i][0]);
    const share = Math.min(shares[i] - shares[i - 1], shares[i + 1] - shares[i]);
    const reach = Math.min(Math.max((sentence ? 0.45 : 0.25) * share, sentence ? 0.5 : 0.25), 2);
    const pause = nearest(pauses, shares[i]);
    // A boundary never passes its neighbours, so every cue keeps some speech of its own.
    if (pause === undefined || Math.abs(pause - shares[i]) > reach) continue;
    if (pause > bounds[i - 1] && pause < shares[i + 1]) bounds[i] = pause;
  }
  return chunks.map((tokens, i) => ({ tokens, c0: bounds[i], c1: bounds[i + 1] }));
}

/**
 * Splits a cue that would stay longer than 7 s, or that hangs over a long pause, at the boundary
 * that best combines a good break with the position of that pause (or the middle).
 */
function splitLong(unit: Unit, clock: SpeechClock, rules: LayoutRules): Unit[] {
  if (unit.tokens.length < 2) return [unit];
  const { c0, c1 } = unit;
  const inside = clock.pauses().filter((p) => p > c0 + 1e-6 && p < c1 - 1e-6);
  const long = inside
    .filter((p) => clock.pauseAt(p) >= splittingPauseSeconds)
    .sort((a, b) => clock.pauseAt(b) - clock.pauseAt(a))[0];
  const seconds = clock.endAt(c1) - clock.startAt(c0);
  if (long === undefined && seconds <= maxCueSeconds) return [unit];
  const target = long ?? (c0 + c1) / 2;
  const weights = unit.tokens.map((t, i) => weightOf([t], rules) + (i > 0 && t.space ? weightOf([{ text: ' ', space: false }], rules) : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  let best: { cost: number; k: number; at: number } | undefined;
  let before = 0;
  for (let k = 1; k < unit.tokens.length; k++) {
    before += weights[k - 1];
    const at = c0 + ((c1 - c0) * before) / total;
    const cost = breakCost(unit.tokens[k - 1], unit.tokens[k], rules) + (100 * Math.abs(at - target)) / (c1 - c0);
    if (!best || cost < best.cost) best = { cost, k, at };
  }
  if (!best) return [unit];
  let at = best.at;
  const pause = long ?? nearest(inside, at);
  if (pause !== undefined && (long !== undefined || Math.abs(pause - at) <= 0.25 * Math.min(at - c0, c1 - at))) at = pause;
  return [
    ...splitLong({ tokens: unit.tokens.slice(0, best.k), c0, c1: at }, clock, rules),
    ...splitLong({ tokens: unit.tokens.slice(best.k), c0: at, c1 }, clock, rules),
  ];
}

/**
 * Merges a cue too short to read (under 1 s) into a neighbour in the same run of speech when the
 * two still fit two lines and 7 s, as subtitlers put "Yes. Of course." in one cue.
 */
function mergeShort(units: Unit[], clock: SpeechClock, rules: LayoutRules): Unit[] {
  const out = units.slice();
  const seconds = (u: Unit): number => clock.endAt(u.c1) - clock.startAt(u.c0);
  for (let i = 0; i < out.length; i++) {
    if (seconds(out[i]) >= minCueSeconds) continue;
    let best: { at: number; unit: Unit; seconds: number } | undefined;
    for (const at of [i - 1, i]) {
      const a = out[at];
      const b = out[at + 1];
      if (!a || !b) continue;
      if (clock.startAt(b.c0) - clock.endAt(a.c1) >= mergeGapSeconds) continue;
      const unit = { tokens: [...a.tokens, ...b.tokens], c0: a.c0, c1: b.c1 };
      if (seconds(unit) > maxCueSeconds || !layoutLines(unit.tokens, rules)) continue;
      if (!best || seconds(unit) < best.seconds) best = { at, unit, seconds: seconds(unit) };
    }
    if (!best) continue;
    out.splice(best.at, 2, best.unit);
    // Look again from the merged cue: it may itself still be short.
    i = best.at - 1;
  }
  return out;
}

/**
 * Applies the timing rules to cues in order, within [lo, hi]: reading time for short cues and
 * small gaps (never past 0.5 s after the speech), at most 7 s, no overlap, a two-frame gap, and
 * a visible least length even when that moves a crowded cue on.
 */
function settle(items: { text: string; start: number; end: number }[], from: number, to: number): Cue[] {
  // Work in whole milliseconds inside the bounds, so rounding the result cannot step outside them.
  const lo = Math.ceil(from * 1000) / 1000;
  const hi = Math.max(lo, Math.floor(to * 1000) / 1000);
  const n = items.length;
  const s = items.map((c) => Math.max(lo, c.start));
  const e = items.map((c, i) => Math.min(hi, Math.max(c.end, s[i])));
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? s[i + 1] - minGapSeconds : hi;
    const reach = Math.min(e[i] + lingerSeconds, next, hi, s[i] + maxCueSeconds);
    // A cue too short to read, or followed closely by the next, stays up through the silence.
    if (e[i] - s[i] < minCueSeconds) e[i] = Math.max(e[i], Math.min(s[i] + minCueSeconds, reach));
    if (i + 1 < n && s[i + 1] - e[i] <= lingerSeconds) e[i] = Math.max(e[i], reach);
    // A single word over more than 7 s of speech cannot be split; it need not stay that long.
    e[i] = Math.min(e[i], s[i] + maxCueSeconds);
    if (i + 1 < n) e[i] = Math.min(e[i], s[i + 1] - minGapSeconds);
  }
  // When cues are too many for the time, the least length and the gap shrink together.
  const need = n * visibleSeconds + (n - 1) * minGapSeconds;
  const scale = need > hi - lo ? (hi - lo) / need : 1;
  const visible = visibleSeconds * scale;
  const gap = minGapSeconds * scale;
  for (let i = 0; i < n; i++) {
    s[i] = Math.max(s[i], i > 0 ? e[i - 1] + gap : lo);
    e[i] = Math.max(e[i], s[i] + visible);
  }
  for (let i = n - 1; i >= 0; i--) {
    e[i] = Math.min(e[i], i + 1 < n ? s[i + 1] - gap : hi);
    s[i] = Math.min(s[i], e[i] - visible);
  }
  return items.map((c, i) => ({ start: round(s[i]), end: round(e[i]), text: c.text }));
}

/** The cue's lines; a contiguous part of a cue that fitted always fits, so the fallback is only a guard. */
function linesFor(tokens: Token[], rules: LayoutRules): string[] {
  const lines = layoutLines(tokens, rules);
  if (lines) return lines;
  const half = Math.ceil(tokens.length / 2);
  return [renderLine(tokens.slice(0, half)), renderLine(tokens.slice(half))];
}

function weightOf(tokens: Token[], rules: LayoutRules): number {
  return Math.max(cueWeight(joinTokens(tokens), rules.cjk), 0.01);
}

function nearest(values: number[], x: number): number | undefined {
  let best: number | undefined;
  for (const v of values) if (best === undefined || Math.abs(v - x) < Math.abs(best - x)) best = v;
  return best;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
