import type { SubtitleRules } from './profiles';
import { firstLineOf, lineRange, lineText, type ParsedCue, type ParsedSubtitles, type TextEdit } from './subtitleDocument';
import { formatStamp, stampStyle } from './timing';

/** What the fixes of one document are computed from. */
export interface FixContext {
  parsed: ParsedSubtitles;
  rules: SubtitleRules;
}

/** Rounds down to the millisecond, so a gap computed from it is never short by rounding. */
export function floorMs(seconds: number): number {
  return Math.floor(seconds * 1000 + 1e-6) / 1000;
}

/** Rounds up to the millisecond. */
export function ceilMs(seconds: number): number {
  return Math.ceil(seconds * 1000 - 1e-6) / 1000;
}

/** The cue after `i` in the document when it starts no earlier, so timing between the two means something. */
export function nextInTime(parsed: ParsedSubtitles, i: number): ParsedCue | undefined {
  const [cue, next] = [parsed.cues[i], parsed.cues[i + 1]];
  return next && next.start >= cue.start ? next : undefined;
}

/** True when nothing but blank lines stands between cue `i` and cue `i + 1`. */
export function adjacent(parsed: ParsedSubtitles, i: number): boolean {
  const [a, b] = [parsed.cues[i], parsed.cues[i + 1]];
  if (!a || !b) return false;
  return !parsed.blocks.some((blk) => blk.firstLine > a.lastLine && blk.lastLine < firstLineOf(b));
}

/** The stamp of a cue as written. */
export function stampText(parsed: ParsedSubtitles, cue: ParsedCue, which: 'start' | 'end'): string {
  const span = which === 'start' ? cue.startStamp : cue.endStamp;
  return parsed.lines[cue.timingLine].slice(span.start, span.end);
}

/** A time written the way the cue writes its own. */
export function stampLike(parsed: ParsedSubtitles, cue: ParsedCue, seconds: number): string {
  return formatStamp(seconds, stampStyle(stampText(parsed, cue, 'start'), parsed.format));
}

/** Replaces a cue's start or end time, leaving the rest of its timing line as written. */
export function stampEdit(parsed: ParsedSubtitles, cue: ParsedCue, which: 'start' | 'end', seconds: number): TextEdit {
  const span = which === 'start' ? cue.startStamp : cue.endStamp;
  const style = stampStyle(stampText(parsed, cue, which), parsed.format);
  return {
    range: { startLine: cue.timingLine, startCol: span.start, endLine: cue.timingLine, endCol: span.end },
    newText: formatStamp(seconds, style),
  };
}

/** Replaces a cue's text lines (or adds them after its timing line when it has none). */
export function textEdit(parsed: ParsedSubtitles, cue: ParsedCue, text: string): TextEdit {
  if (cue.lastLine === cue.timingLine) {
    const end = parsed.lines[cue.timingLine].length;
    return { range: { startLine: cue.timingLine, startCol: end, endLine: cue.timingLine, endCol: end }, newText: `\n${text}` };
  }
  const last = parsed.lines[cue.lastLine].length;
  return { range: { startLine: cue.timingLine + 1, startCol: 0, endLine: cue.lastLine, endCol: last }, newText: text };
}

/** The end of a cue's timing line from its end stamp on, as written: the end time and any settings. */
export function afterEndStamp(parsed: ParsedSubtitles, cue: ParsedCue): string {
  return parsed.lines[cue.timingLine].slice(cue.endStamp.end);
}

/**
 * Edits that number the cues from position `from` on as `from + shift + 1`, … (SRT only), for a fix
 * that adds or removes cues before them. Cues without a number are left so; numbers already right
 * are not touched.
 */
export function renumberFrom(parsed: ParsedSubtitles, from: number, shift: number): TextEdit[] {
  if (parsed.format !== 'srt') return [];
  const edits: TextEdit[] = [];
  for (let j = Math.max(0, from); j < parsed.cues.length; j++) {
    const cue = parsed.cues[j];
    const wanted = j + shift + 1;
    if (cue.indexLine === undefined || cue.index === wanted) continue;
    edits.push(numberEdit(parsed, cue.indexLine, wanted));
  }
  return edits;
}

/** Replaces the number on an SRT cue's index line. */
export function numberEdit(parsed: ParsedSubtitles, line: number, wanted: number): TextEdit {
  return { range: lineRange(parsed.lines, line), newText: String(wanted) };
}

/** The lines of a cue's block as written, from its number or identifier to its last text line. */
export function blockLines(parsed: ParsedSubtitles, cue: ParsedCue): string[] {
  const lines: string[] = [];
  for (let i = firstLineOf(cue); i <= cue.lastLine; i++) lines.push(lineText(parsed.lines, i));
  return lines;
}

/** The least gap between cues, in whole milliseconds rounded up, as a fix keeps it. */
export function gapMs(rules: SubtitleRules): number {
  return Math.ceil(rules.minGapSeconds * 1000 - 1e-6) / 1000;
}
