import { splitLines, type TextEdit } from './subtitleDocument';

/**
 * Applies edits made on `text` (all ranges in its coordinates) and returns the new text. The "\n"
 * in each edit's text becomes the document's own line break. Throws when two edits overlap, which
 * would make the result depend on their order.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const { eol } = splitLines(text);
  const starts = lineStarts(text);
  const located = edits
    .map((e) => ({
      from: offsetAt(text, starts, e.range.startLine, e.range.startCol),
      to: offsetAt(text, starts, e.range.endLine, e.range.endCol),
      text: e.newText.replace(/\r\n|\r|\n/gu, eol),
    }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  located.forEach((e, k) => {
    if (e.to < e.from) throw new Error('An edit ends before it starts.');
    const prev = located[k - 1];
    if (prev && e.from < prev.to) throw new Error('Two edits overlap.');
  });
  let out = text;
  for (let k = located.length - 1; k >= 0; k--) out = out.slice(0, located[k].from) + located[k].text + out.slice(located[k].to);
  return out;
}

/** One edit that turns `before` into `after`: the differing middle, common start and end kept. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  // Never split a CRLF pair or a surrogate pair.
  while (head > 0 && (before[head - 1] === '\r' || isHighSurrogate(before.charCodeAt(head - 1)))) head--;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  while (tail > 0 && (before[before.length - tail] === '\n' || isLowSurrogate(before.charCodeAt(before.length - tail)))) tail--;
  const from = positionAt(before, head);
  const to = positionAt(before, before.length - tail);
  return { range: { startLine: from.line, startCol: from.col, endLine: to.line, endCol: to.col }, newText: after.slice(head, after.length - tail) };
}

/** The (line, column) of an offset, with lines split as `splitLines` splits them. */
export function positionAt(text: string, offset: number): { line: number; col: number } {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line, col: offset - starts[line] };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/gu)) starts.push((m.index ?? 0) + m[0].length);
  return starts;
}

function offsetAt(text: string, starts: readonly number[], line: number, col: number): number {
  if (line >= starts.length) return text.length;
  const next = starts[line + 1];
  const lineEnd = next === undefined ? text.length : next - (text[next - 2] === '\r' && text[next - 1] === '\n' ? 2 : 1);
  return Math.min(starts[line] + Math.max(0, col), lineEnd);
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
