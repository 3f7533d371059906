import { mergeTexts, relayout, splitAtSentence } from './cueText';
import {
  adjacent,
  afterEndStamp,
  blockLines,
  ceilMs,
  floorMs,
  gapMs,
  nextInTime,
  numberEdit,
  renumberFrom,
  stampEdit,
  stampLike,
  textEdit,
  type FixContext,
} from './cueEdits';
import { twoFramesSeconds } from './profiles';
import { firstLineOf, lineRange, lineText, type SubtitleBlock, type SubtitleFix, type TextEdit } from './subtitleDocument';
import { formatStamp, stampStyle } from './timing';

/** Lays the cue's text out again within the line limits; undefined when that changes nothing or does not fit. */
export function rebalanceFix({ parsed, rules }: FixContext, i: number): SubtitleFix | undefined {
  const cue = parsed.cues[i];
  const text = relayout(cue.text, rules, parsed.format);
  if (text === undefined || text === cue.text) return undefined;
  return { title: 'Rebalance the line break', edits: [textEdit(parsed, cue, text)], safe: true };
}

/**
 * Joins cue `i` with the cue before or after it: the first one's start, the second one's end, both
 * texts laid out together. Offered only when the two are neighbours in time and in the document,
 * the joined text fits the line limits and the joined cue is not too long.
 */
export function mergeFix(ctx: FixContext, i: number, other: 'previous' | 'next'): SubtitleFix | undefined {
  const { parsed, rules } = ctx;
  const a = other === 'next' ? i : i - 1;
  const [first, second] = [parsed.cues[a], parsed.cues[a + 1]];
  if (!first || !second || !adjacent(parsed, a) || !nextInTime(parsed, a)) return undefined;
  if (second.end - first.start > rules.maxDurationSeconds + 0.0005) return undefined;
  const text = mergeTexts(first.text, second.text, rules, parsed.format);
  if (text === undefined) return undefined;
  const end = formatStamp(second.end, stampStyle(parsed.lines[first.timingLine].slice(first.endStamp.start, first.endStamp.end), parsed.format));
  const tail = afterEndStamp(parsed, first);
  const merged: TextEdit = {
    range: { startLine: first.timingLine, startCol: first.endStamp.start, endLine: second.lastLine, endCol: parsed.lines[second.lastLine].length },
    newText: `${end}${tail}${text ? `\n${text}` : ''}`,
  };
  const title = other === 'next' ? 'Merge with the next cue' : 'Merge with the previous cue';
  return { title, edits: [merged, ...renumberFrom(parsed, a + 2, -1)], safe: false };
}

/**
 * Moves the cue's end later, towards `start + seconds`, into the pause after it: never past the next
 * cue less the least gap, nor past the longest duration. Undefined when there is no room.
 */
export function extendFix({ parsed, rules }: FixContext, i: number, seconds: number): SubtitleFix | undefined {
  const cue = parsed.cues[i];
  const next = nextInTime(parsed, i);
  let end = ceilMs(cue.start + Math.min(seconds, rules.maxDurationSeconds));
  if (next) end = Math.min(end, floorMs(next.start - rules.minGapSeconds));
  if (next && next.start < cue.end) return undefined;
  if (end <= cue.end + 0.0005) return undefined;
  const title = `Extend into the following pause (to ${stampLike(parsed, cue, end)})`;
  return { title, edits: [stampEdit(parsed, cue, 'end', end)], safe: true };
}

/** Ends the cue the least gap before the next one starts; undefined when that leaves it no time. */
export function endBeforeNextFix({ parsed, rules }: FixContext, i: number): SubtitleFix | undefined {
  const cue = parsed.cues[i];
  const next = nextInTime(parsed, i);
  if (!next) return undefined;
  const end = floorMs(next.start - rules.minGapSeconds);
  if (end <= cue.start + 0.0005 || end === cue.end) return undefined;
  const gap = Math.abs(rules.minGapSeconds - twoFramesSeconds) < 1e-9 ? 'two frames' : `${Math.round(rules.minGapSeconds * 1000)} ms`;
  const title = `End this cue ${gap} before the next one (at ${stampLike(parsed, cue, end)})`;
  return { title, edits: [stampEdit(parsed, cue, 'end', end)], safe: true };
}

/**
 * Cuts the cue in two at the sentence end nearest its middle; the time is shared by the length of
 * each half, with the least gap between them. Undefined when the text is one sentence or a half does
 * not fit.
 */
export function splitFix({ parsed, rules }: FixContext, i: number): SubtitleFix | undefined {
  const cue = parsed.cues[i];
  const halves = splitAtSentence(cue.text, rules, parsed.format);
  if (!halves) return undefined;
  const firstEnd = floorMs(cue.start + (cue.end - cue.start) * halves.share - rules.minGapSeconds / 2);
  const secondStart = firstEnd + gapMs(rules);
  if (firstEnd <= cue.start || secondStart >= cue.end) return undefined;
  const style = stampStyle(parsed.lines[cue.timingLine].slice(cue.endStamp.start, cue.endStamp.end), parsed.format);
  const number = cue.indexLine !== undefined ? `${i + 2}\n` : '';
  const settings = cue.settings ? ` ${cue.settings}` : '';
  const second = `${number}${formatStamp(secondStart, style)} --> ${formatStamp(cue.end, style)}${settings}\n${halves.second}`;
  const edit: TextEdit = {
    range: { startLine: cue.timingLine, startCol: cue.endStamp.start, endLine: cue.lastLine, endCol: parsed.lines[cue.lastLine].length },
    newText: `${formatStamp(firstEnd, style)}${afterEndStamp(parsed, cue)}\n${halves.first}\n\n${second}`,
  };
  return { title: 'Split at the sentence end', edits: [edit, ...renumberFrom(parsed, i + 1, 1)], safe: false };
}

/**
 * Puts the cues in order of their start times (a stable sort) and numbers them 1, 2, 3…. Each cue
 * block moves whole into the place of another; blocks that are not cues stay where they are.
 */
export function sortFix({ parsed }: FixContext): SubtitleFix | undefined {
  const order = parsed.cues.map((cue, k) => ({ cue, k })).sort((x, y) => x.cue.start - y.cue.start || x.k - y.k);
  const edits: TextEdit[] = [];
  order.forEach(({ cue }, slot) => {
    const place = parsed.cues[slot];
    const lines = blockLines(parsed, cue);
    if (cue.indexLine !== undefined) lines[0] = String(slot + 1);
    // An SRT cue that lacks its number gets one, or the sort would leave that problem behind.
    else if (parsed.format === 'srt') lines.unshift(String(slot + 1));
    const before = blockLines(parsed, place);
    if (lines.join('\n') === before.join('\n')) return;
    const range = lineRange(parsed.lines, firstLineOf(place));
    edits.push({ range: { ...range, endLine: place.lastLine, endCol: parsed.lines[place.lastLine].length }, newText: lines.join('\n') });
  });
  if (edits.length === 0) return undefined;
  return { title: 'Sort the cues by start time and renumber them', edits, safe: true };
}

/** Numbers every SRT cue by its place, adding the numbers that are missing. */
export function renumberFix({ parsed }: FixContext): SubtitleFix | undefined {
  const edits: TextEdit[] = [];
  parsed.cues.forEach((cue, j) => {
    if (cue.indexLine !== undefined) {
      if (cue.index !== j + 1) edits.push(numberEdit(parsed, cue.indexLine, j + 1));
      return;
    }
    // A blank line first when the line above is text, so the number cannot read as part of it.
    const above = cue.timingLine > 0 ? lineText(parsed.lines, cue.timingLine - 1).trim() : '';
    const at = lineRange(parsed.lines, cue.timingLine);
    edits.push({ range: { ...at, endCol: at.startCol }, newText: `${above ? '\n' : ''}${j + 1}\n` });
  });
  if (edits.length === 0) return undefined;
  return { title: 'Renumber the cues 1, 2, 3…', edits, safe: true };
}

/** Deletes a cue with blank lines around it, renumbering the cues after it. */
export function removeFix({ parsed }: FixContext, i: number): SubtitleFix {
  const cue = parsed.cues[i];
  const first = firstLineOf(cue);
  const blank = (k: number): boolean => lineText(parsed.lines, k).trim() === '';
  let after = cue.lastLine + 1;
  while (after < parsed.lines.length && blank(after)) after++;
  let before = first - 1;
  while (before >= 0 && blank(before)) before--;
  const start = lineRange(parsed.lines, first);
  let edit: TextEdit;
  if (after < parsed.lines.length) {
    edit = { range: { startLine: first, startCol: start.startCol, endLine: after, endCol: 0 }, newText: '' };
  } else if (before >= 0) {
    const range = { startLine: before, startCol: parsed.lines[before].length, endLine: cue.lastLine, endCol: parsed.lines[cue.lastLine].length };
    edit = { range, newText: '' };
  } else {
    edit = { range: { ...start, endLine: cue.lastLine, endCol: parsed.lines[cue.lastLine].length }, newText: '' };
  }
  return { title: 'Remove the empty cue', edits: [edit, ...renumberFrom(parsed, i + 1, -1)], safe: true };
}

/** Removes the blank lines between a stray block and the cue above it, so its text joins that cue. */
export function joinBlockFix({ parsed }: FixContext, block: SubtitleBlock): SubtitleFix | undefined {
  const above = parsed.cues.filter((c) => c.lastLine < block.firstLine).pop();
  if (!above) return undefined;
  if (parsed.blocks.some((b) => b !== block && b.firstLine > above.lastLine && b.lastLine < block.firstLine)) return undefined;
  const edit: TextEdit = {
    range: { startLine: above.lastLine, startCol: parsed.lines[above.lastLine].length, endLine: block.firstLine, endCol: 0 },
    newText: '\n',
  };
  return { title: 'Join this text to the cue above', edits: [edit], safe: false };
}

/** Adds the `WEBVTT` header, or corrects a first line that is a misspelt one (after any blank lines). */
export function headerFix({ parsed }: FixContext): SubtitleFix {
  const range = lineRange(parsed.lines, 0);
  let k = 0;
  while (k < parsed.lines.length - 1 && lineText(parsed.lines, k).trim() === '') k++;
  if (/^\s*webvtt/iu.test(lineText(parsed.lines, k))) {
    const edit = { range: { ...range, endLine: k, endCol: parsed.lines[k].length }, newText: 'WEBVTT' };
    return { title: 'Correct the WEBVTT header', edits: [edit], safe: true };
  }
  return { title: 'Add the WEBVTT header', edits: [{ range: { ...range, endCol: range.startCol }, newText: 'WEBVTT\n\n' }], safe: true };
}
