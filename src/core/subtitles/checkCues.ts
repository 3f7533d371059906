import { isBlank, lineChars, readingChars } from './cueText';
import { nextInTime, stampText, type FixContext } from './cueEdits';
import {
  endBeforeNextFix,
  extendFix,
  headerFix,
  joinBlockFix,
  mergeFix,
  rebalanceFix,
  removeFix,
  renumberFix,
  sortFix,
  splitFix,
} from './cueFixes';
import type { SubtitleRules } from './profiles';
import {
  lineRange,
  linesRange,
  type ParsedCue,
  type ParsedSubtitles,
  type ProblemCode,
  type ProblemSeverity,
  type SubtitleFix,
  type SubtitleProblem,
  type TextRange,
} from './subtitleDocument';

/**
 * Every problem of a parsed document under a profile's limits, in document order: the parser's
 * malformed lines, then per cue the reading speed, line length and count, duration, gap and overlap
 * with the next cue, order, emptiness, and (SRT) the numbering. Pure: the same input gives the same
 * problems. Each problem's fixes are text edits on this document, worked out when first read.
 */
export function checkCues(parsed: ParsedSubtitles, rules: SubtitleRules): SubtitleProblem[] {
  const steps = checkCuesInSteps(parsed, rules, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `checkCues`, `cuesPerStep` cues at a time: the generator pauses after each slice and returns the
 * same problems in the end. An editor checks a long file this way, so that other work gets the
 * thread between slices.
 */
export function* checkCuesInSteps(parsed: ParsedSubtitles, rules: SubtitleRules, cuesPerStep: number): Generator<void, SubtitleProblem[]> {
  const ctx: FixContext = { parsed, rules };
  const out = parsed.problems.map((p) => withParserFixes(ctx, p));
  const numbering = numberingProblem(ctx);
  if (numbering) out.push(numbering);
  for (let i = 0; i < parsed.cues.length; i++) {
    out.push(...cueProblems(ctx, i));
    if ((i + 1) % cuesPerStep === 0 && i + 1 < parsed.cues.length) yield;
  }
  return out.sort((a, b) => a.range.startLine - b.range.startLine || a.range.startCol - b.range.startCol);
}

function cueProblems(ctx: FixContext, i: number): SubtitleProblem[] {
  const { parsed, rules } = ctx;
  const cue = parsed.cues[i];
  const out: SubtitleProblem[] = [];
  const at = (code: ProblemCode, severity: ProblemSeverity, message: string, range: TextRange, fixes: FixBuilder[]): void => {
    out.push(problem(code, severity, message, range, i, fixes));
  };
  const timing = timingRange(cue);
  const prev = parsed.cues[i - 1];
  if (prev && cue.start < prev.start) {
    const message = `This cue starts at ${stampText(parsed, cue, 'start')}, before the cue above it (${stampText(parsed, prev, 'start')}).`;
    at('order', 'warning', message, stampRange(cue, 'start'), [() => sortFix(ctx)]);
  }
  const next = nextInTime(parsed, i);
  if (next) {
    const gap = ms(next.start) - ms(cue.end);
    if (gap < 0) {
      const message = `This cue ends ${seconds(-gap / 1000, 3)} after the next one starts (${stampText(parsed, next, 'start')}), so the two overlap.`;
      at('overlap', 'warning', message, stampRange(cue, 'end'), [() => endBeforeNextFix(ctx, i), unsafe(() => mergeFix(ctx, i, 'next'))]);
    } else if (gap < ms(rules.minGapSeconds)) {
      const message = `The gap to the next cue is ${seconds(gap / 1000, 3)}, under the minimum of ${seconds(rules.minGapSeconds, 3)}.`;
      at('gap', 'warning', message, stampRange(cue, 'end'), [() => endBeforeNextFix(ctx, i), unsafe(() => mergeFix(ctx, i, 'next'))]);
    }
  }
  if (isBlank(cue.text, parsed.format)) {
    at('emptyCue', 'warning', 'This cue has no text, so nothing shows while it lasts.', timing, [() => removeFix(ctx, i)]);
    return out;
  }

  const duration = (ms(cue.end) - ms(cue.start)) / 1000;
  const chars = readingChars(cue.text, parsed.format);
  const needed = Math.max(rules.minDurationSeconds, chars / rules.maxCharsPerSecond);
  const lengthen = [() => extendFix(ctx, i, needed), unsafe(() => mergeFix(ctx, i, 'previous')), unsafe(() => mergeFix(ctx, i, 'next'))];
  if (ms(duration) < ms(rules.minDurationSeconds)) {
    const message =
      duration < 0
        ? `This cue ends ${seconds(-duration, 2)} before it starts; the minimum duration is ${seconds(rules.minDurationSeconds, 2)}.`
        : `This cue lasts ${seconds(duration, 2)}, under the minimum of ${seconds(rules.minDurationSeconds, 2)}.`;
    at('tooShort', 'warning', message, timing, lengthen);
  }
  if (ms(duration) > ms(rules.maxDurationSeconds)) {
    const message = `This cue lasts ${seconds(duration, 2)}, over the maximum of ${seconds(rules.maxDurationSeconds, 2)}.`;
    at('tooLong', 'warning', message, timing, [unsafe(() => splitFix(ctx, i))]);
  }
  if (duration > 0 && chars / rules.maxCharsPerSecond > duration + 0.0005) {
    const speed = `${number(chars / duration, 1)} characters a second (${chars} in ${seconds(duration, 2)})`;
    const limit = `${rules.readingSpeedIsHard ? 'limit' : 'advised speed'} of ${number(rules.maxCharsPerSecond, 1)}`;
    const message = `This cue needs ${speed}, over the ${limit}.`;
    at('readingSpeed', rules.readingSpeedIsHard ? 'warning' : 'info', message, timing, lengthen);
  }

  const textLines = cue.text.split('\n');
  const relayoutFixes = [() => rebalanceFix(ctx, i), unsafe(() => splitFix(ctx, i))];
  if (textLines.length > rules.maxLines) {
    const message = `This cue has ${textLines.length} lines, over the maximum of ${rules.maxLines}.`;
    at('lineCount', 'warning', message, linesRange(parsed.lines, cue.timingLine + 1, cue.lastLine), relayoutFixes);
  }
  textLines.forEach((line, k) => {
    const n = lineChars(line, parsed.format);
    if (n <= rules.maxLineChars) return;
    const message = `This line has ${n} characters, over the maximum of ${rules.maxLineChars}.`;
    at('lineLength', 'warning', message, lineRange(parsed.lines, cue.timingLine + 1 + k), relayoutFixes);
  });
  return out;
}

/** SubRip numbers its cues 1, 2, 3…; the first cue that breaks the count is named once. */
function numberingProblem(ctx: FixContext): SubtitleProblem | undefined {
  const { parsed } = ctx;
  if (parsed.format !== 'srt') return undefined;
  const i = parsed.cues.findIndex((cue, j) => cue.index !== j + 1);
  if (i < 0) return undefined;
  const cue = parsed.cues[i];
  const message =
    cue.indexLine === undefined
      ? `This cue has no number; SubRip numbers its cues 1, 2, 3… and this one would be ${i + 1}.`
      : `This cue is numbered ${cue.index} but is cue ${i + 1}; SubRip numbers its cues 1, 2, 3… in order.`;
  const range = cue.indexLine !== undefined ? lineRange(parsed.lines, cue.indexLine) : timingRange(cue);
  return problem('cueNumber', 'info', message, range, i, [() => renumberFix(ctx)]);
}

/** The parser's problem with the fixes it can have: a header, or joining stray text to its cue. */
function withParserFixes(ctx: FixContext, p: SubtitleProblem): SubtitleProblem {
  const block = ctx.parsed.blocks.find((b) => b.kind === 'malformed' && b.firstLine === p.range.startLine);
  const builders: FixBuilder[] =
    p.code === 'missingHeader' ? [() => headerFix(ctx)] : p.code === 'malformedBlock' && block ? [unsafe(() => joinBlockFix(ctx, block))] : [];
  return problem(p.code, p.severity, p.message, p.range, p.cueIndex, builders);
}

/** Builds one fix, or undefined when it does not apply; `unsafe` marks those that change a cue's words. */
type FixBuilder = (() => SubtitleFix | undefined) & { unsafe?: true };

function unsafe(build: () => SubtitleFix | undefined): FixBuilder {
  return Object.assign(build, { unsafe: true as const });
}

const buildersOf = new WeakMap<SubtitleProblem, FixBuilder[]>();

/**
 * The first safe fix of a problem from `checkCues`, without working out the others: "fix all"
 * needs only these, and a merge or split can carry an edit for every cue number after it.
 */
export function firstSafeFix(p: SubtitleProblem): SubtitleFix | undefined {
  const builders = buildersOf.get(p);
  if (!builders) return p.fixes.find((f) => f.safe);
  for (const build of builders) {
    if (build.unsafe) continue;
    const fix = build();
    if (fix?.safe) return fix;
  }
  return undefined;
}

/** A problem whose fixes are computed on first use: most problems are shown and never fixed. */
function problem(
  code: ProblemCode,
  severity: ProblemSeverity,
  message: string,
  range: TextRange,
  cueIndex: number | undefined,
  builders: FixBuilder[],
): SubtitleProblem {
  let fixes: SubtitleFix[] | undefined;
  const p: SubtitleProblem = {
    code,
    severity,
    message,
    range,
    ...(cueIndex === undefined ? {} : { cueIndex }),
    get fixes(): SubtitleFix[] {
      fixes ??= builders.map((b) => b()).filter((f): f is SubtitleFix => f !== undefined);
      return fixes;
    },
  };
  buildersOf.set(p, builders);
  return p;
}

function timingRange(cue: ParsedCue): TextRange {
  return { startLine: cue.timingLine, startCol: cue.startStamp.start, endLine: cue.timingLine, endCol: cue.endStamp.end };
}

function stampRange(cue: ParsedCue, which: 'start' | 'end'): TextRange {
  const span = which === 'start' ? cue.startStamp : cue.endStamp;
  return { startLine: cue.timingLine, startCol: span.start, endLine: cue.timingLine, endCol: span.end };
}

/** Whole milliseconds, as times are written; comparisons in them ignore float noise. */
function ms(s: number): number {
  return Math.round(s * 1000);
}

function seconds(s: number, digits: number): string {
  return `${s.toFixed(digits)} s`;
}

function number(n: number, digits: number): string {
  return String(Number(n.toFixed(digits)));
}
