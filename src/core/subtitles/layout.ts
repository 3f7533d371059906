import type { Piece } from '../timeline';
import { alignUnits } from './align';
import { readingChars } from './cueText';
import { subtitleRules, type SubtitleRules } from './profiles';
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

/** The time a cue aims to stay on screen at least, where the source allows: a safer floor than the profiles' least. */
export const minCueSeconds = 1;
/** The least gap between cues: two frames at 24 fps, plus a millisecond that rounding may take. */
export const minGapSeconds = 0.084;
/** Reading time a cue may take after the end of the speech it translates. */
export const lingerSeconds = 0.5;

/** What laying out one piece needs to know: the target language, and the profile's limits for it. */
export interface LayoutOptions {
  language: string;
  /** The limits to lay out within; the netflix profile for `language` when left out. */
  rules?: SubtitleRules;
}

/**
 * Lays out one piece's translated text as timed cues of at most two lines each. Text is cut at
 * sentence ends, then at clauses and words, so every cue fits the target language's line length.
 * The cut text is aligned with the piece's stretches of speech so that cue boundaries fall in the
 * speaker's pauses (`alignUnits`); time inside a stretch is shared by text length, and no cue is
 * given to a pause. Cues then get 1–7 s on screen where the source allows, borrow from the following
 * pause or a neighbour when they read too fast, never overlap, keep a two-frame gap, and stay in
 * [start, end + 0.5 s]. Empty text gives no cues.
 */
export function layoutCues(text: string, piece: Pick<Piece, 'start' | 'end' | 'speech'>, o: LayoutOptions): Cue[] {
  const limits = o.rules ?? subtitleRules('netflix', o.language);
  const rules = layoutRules(o.language, limits.maxLineChars, limits.maxLines);
  const tokens = tokenize(text, rules);
  if (tokens.length === 0) return [];
  const clock = new SpeechClock(piece);
  const chunks = sentences(tokens).flatMap((s) => splitToFit(s, rules));
  const units = alignToSpeech(chunks, clock, rules).flatMap((u) => splitLong(u, clock, rules, limits));
  const timed = mergeShort(units, clock, rules, limits).map((u) => ({
    text: linesFor(u.tokens, rules).join('\n'),
    start: clock.startAt(u.c0),
    end: clock.endAt(u.c1),
  }));
  // Whole milliseconds, so that rounding a cue's end cannot take it past the bound.
  const hi = Math.floor((Math.max(piece.start, piece.end) + limits.lingerSeconds) * 1000) / 1000;
  return readable(settle(timed, piece.start, hi, limits), timed.map((t) => t.end), hi, limits);
}

/**
 * Joins the cues of consecutive pieces into one track. Each piece's cues are already in order;
 * across pieces the earlier cue is shortened (or, when too short to shorten, the later one is
 * moved on) so that cues never overlap and keep the two-frame gap. Cues without text are dropped;
 * any other fields of a cue are kept.
 */
export function joinCues<T extends Cue>(pieces: T[][]): T[] {
  const out: T[] = [];
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
    out.push({ ...cue, start: round(start), end: round(end) });
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

/** How late a cue may end after its speech when it needs the time to be read: the standards' sync tolerance. */
const syncToleranceSeconds = 1.5;
/** The most a cue that reads too fast takes from its neighbours' time, so both stay on their speech. */
const shareSeconds = 0.25;
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
  const full = rules.maxLines * rules.maxLine;
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
 * Places the chunks on the speech: `alignUnits` decides which stretches each run of chunks gets,
 * and inside a run the time is shared by text length.
 */
function alignToSpeech(chunks: Token[][], clock: SpeechClock, rules: LayoutRules): Unit[] {
  const { stretches, offsets } = clock;
  const seconds = stretches.map((s) => s.end - s.start);
  const weights = chunks.map((c) => weightOf(c, rules));
  const blocks = alignUnits(
    chunks.map((c, i) => ({ weight: weights[i], breakBefore: i > 0 ? breakCost(chunks[i - 1][chunks[i - 1].length - 1], c[0], rules) : 0 })),
    stretches.map((s, k) => ({ seconds: seconds[k], pauseAfter: k + 1 < stretches.length ? stretches[k + 1].start - s.end : 0 })),
  );
  const out: Unit[] = [];
  for (const { units: [u0, u1], stretches: [j0, j1] } of blocks) {
    const c0 = offsets[j0];
    const c1 = offsets[j1 - 1] + seconds[j1 - 1];
    const total = weights.slice(u0, u1).reduce((a, w) => a + w, 0);
    let at = c0;
    for (let i = u0; i < u1; i++) {
      const next = i + 1 === u1 ? c1 : at + ((c1 - c0) * weights[i]) / total;
      out.push({ tokens: chunks[i], c0: at, c1: next });
      at = next;
    }
  }
  return out;
}

/**
 * Splits a cue that would stay longer than 7 s, or that hangs over a long pause, at the boundary
 * that best combines a good break with the position of that pause (or the middle).
 */
function splitLong(unit: Unit, clock: SpeechClock, rules: LayoutRules, limits: SubtitleRules): Unit[] {
  if (unit.tokens.length < 2) return [unit];
  const { c0, c1 } = unit;
  const inside = clock.pauses().filter((p) => p > c0 + 1e-6 && p < c1 - 1e-6);
  const long = inside
    .filter((p) => clock.pauseAt(p) >= splittingPauseSeconds)
    .sort((a, b) => clock.pauseAt(b) - clock.pauseAt(a))[0];
  const seconds = clock.endAt(c1) - clock.startAt(c0);
  const tooLong = seconds > limits.maxDurationSeconds;
  if (long === undefined && !tooLong) return [unit];
  // Neither side may be a word or two cut from its sentence, unless the cue must be split to fit 7 s.
  const side = tooLong ? 1 : rules.perCharacter ? 4 : 2;
  if (unit.tokens.length < 2 * side) return [unit];
  const target = long ?? (c0 + c1) / 2;
  const weights = unit.tokens.map((t, i) => weightOf([t], rules) + (i > 0 && t.space ? weightOf([{ text: ' ', space: false }], rules) : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  let best: { cost: number; k: number; at: number } | undefined;
  let before = 0;
  for (let k = 1; k < unit.tokens.length; k++) {
    before += weights[k - 1];
    if (k < side || unit.tokens.length - k < side) continue;
    const at = c0 + ((c1 - c0) * before) / total;
    const cost = breakCost(unit.tokens[k - 1], unit.tokens[k], rules) + (100 * Math.abs(at - target)) / (c1 - c0);
    if (!best || cost < best.cost) best = { cost, k, at };
  }
  if (!best) return [unit];
  let at = best.at;
  const pause = long ?? nearest(inside, at);
  if (pause !== undefined && (long !== undefined || Math.abs(pause - at) <= 0.25 * Math.min(at - c0, c1 - at))) at = pause;
  return [
    ...splitLong({ tokens: unit.tokens.slice(0, best.k), c0, c1: at }, clock, rules, limits),
    ...splitLong({ tokens: unit.tokens.slice(best.k), c0: at, c1 }, clock, rules, limits),
  ];
}

/**
 * Merges a cue too short to read (under 1 s) into a neighbour in the same run of speech when the
 * two still fit two lines and 7 s, as subtitlers put "Yes. Of course." in one cue.
 */
function mergeShort(units: Unit[], clock: SpeechClock, rules: LayoutRules, limits: SubtitleRules): Unit[] {
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
      if (seconds(unit) > limits.maxDurationSeconds || !layoutLines(unit.tokens, rules)) continue;
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
 * small gaps (never past the linger time after the speech), at most the longest duration, no
 * overlap, the least gap, and a visible least length even when that moves a crowded cue on.
 */
function settle(items: { text: string; start: number; end: number }[], from: number, to: number, limits: SubtitleRules): Cue[] {
  // Work in whole milliseconds inside the bounds, so rounding the result cannot step outside them.
  const lo = Math.ceil(from * 1000) / 1000;
  const hi = Math.max(lo, Math.floor(to * 1000) / 1000);
  const n = items.length;
  const gapLeast = gapOf(limits);
  const aim = Math.max(minCueSeconds, limits.minDurationSeconds);
  const s = items.map((c) => Math.max(lo, c.start));
  const e = items.map((c, i) => Math.min(hi, Math.max(c.end, s[i])));
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? s[i + 1] - gapLeast : hi;
    const reach = Math.min(e[i] + limits.lingerSeconds, next, hi, s[i] + limits.maxDurationSeconds);
    // A cue too short to read, or followed closely by the next, stays up through the silence.
    if (e[i] - s[i] < aim) e[i] = Math.max(e[i], Math.min(s[i] + aim, reach));
    if (i + 1 < n && s[i + 1] - e[i] <= limits.closeGapSeconds) e[i] = Math.max(e[i], reach);
    // A single word over more than 7 s of speech cannot be split; it need not stay that long.
    e[i] = Math.min(e[i], s[i] + limits.maxDurationSeconds);
    if (i + 1 < n) e[i] = Math.min(e[i], s[i + 1] - gapLeast);
  }
  // When cues are too many for the time, the least length and the gap shrink together.
  const need = n * visibleSeconds + (n - 1) * gapLeast;
  const scale = need > hi - lo ? (hi - lo) / need : 1;
  const visible = visibleSeconds * scale;
  const gap = gapLeast * scale;
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

/**
 * Gives a cue that reads faster than the profile allows, or is shorter than its least duration,
 * the time it needs: first from the pause after it (up to the next cue, and never more than the
 * sync tolerance past the end of its speech), then, for a hard limit, a little from a neighbour
 * that can spare it while staying readable itself.
 * Cues that still break a limit are left for the run's checks to name.
 */
function readable(cues: Cue[], speechEnds: readonly number[], hi: number, limits: SubtitleRules): Cue[] {
  const gap = gapOf(limits);
  const perSecond = (c: Cue): number => readingChars(c.text, 'srt') / limits.maxCharsPerSecond;
  // What a cue must have (a hard limit), and what it should have (an advisory reading speed too).
  const must = (c: Cue): number => Math.max(limits.minDurationSeconds, limits.readingSpeedIsHard ? perSecond(c) : 0);
  const should = (c: Cue): number => Math.max(must(c), perSecond(c));
  const spare = (c: Cue): number => c.end - c.start - Math.max(should(c), minCueSeconds);
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i];
    const next = cues[i + 1];
    const wanted = should(cue) - (cue.end - cue.start);
    if (wanted <= 0) continue;
    // A cue may stay into the pause up to the next cue's in-time, but never further out of sync
    // with its speech than the standards' tolerance.
    const late = Math.max(speechEnds[i] + syncToleranceSeconds, cue.start + limits.minDurationSeconds);
    const ceiling = Math.min(next ? next.start - gap : hi, cue.start + limits.maxDurationSeconds, late);
    cue.end = round(cue.end + Math.max(0, Math.min(wanted, ceiling - cue.end)));
    // Sharing moves a neighbour's edge off its speech, so it is done only for a hard limit, and only a little.
    let short = Math.min(must(cue) - (cue.end - cue.start), shareSeconds);
    if (short <= 0) continue;
    const prev = cues[i - 1];
    if (prev && cue.start - prev.end <= gap + 1e-3 && spare(prev) > 0) {
      const take = Math.min(short, spare(prev));
      prev.end = round(prev.end - take);
      cue.start = round(prev.end + gap);
      short -= take;
    }
    if (short > 0 && next && next.start - cue.end <= gap + 1e-3 && spare(next) > 0) {
      const take = Math.min(short, spare(next), cue.start + limits.maxDurationSeconds - cue.end);
      if (take > 0) {
        next.start = round(next.start + take);
        cue.end = round(next.start - gap);
      }
    }
  }
  return cues;
}

/** The least gap as the layout keeps it: the profile's, plus a millisecond that rounding may take. */
function gapOf(limits: SubtitleRules): number {
  return Math.max(minGapSeconds, limits.minGapSeconds + 0.001);
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
