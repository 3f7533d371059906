import { lineText, splitLines, type ParsedCue, type ParsedSubtitles, type SubtitleBlock, type SubtitleProblem } from './subtitleDocument';
import { readCue, malformedBlock } from './readCue';
import { hasArrow } from './timing';

/**
 * Reads a SubRip document without ever throwing. Tolerates a BOM, CRLF or CR line breaks, missing
 * or wrong cue numbers, `.` or `,` before the milliseconds, omitted hours, extra blank lines,
 * trailing spaces, text after the end time, and a missing blank line before a cue. Tags such as
 * `<i>` or `{\an8}` stay in the text as written. Every line that is not part of a cue is reported.
 */
export function parseSrt(text: string): ParsedSubtitles {
  const { lines, eol } = splitLines(text);
  const cues: ParsedCue[] = [];
  const blocks: SubtitleBlock[] = [];
  const problems: SubtitleProblem[] = [];
  const content = (i: number): string => lineText(lines, i).trim();
  const isNumber = (i: number): boolean => /^\d+$/u.test(content(i));
  // A cue starts at its timing line, or at its number when the timing line follows.
  const startsCue = (i: number): boolean => hasArrow(content(i)) || (isNumber(i) && i + 1 < lines.length && hasArrow(content(i + 1)));

  let i = 0;
  while (i < lines.length) {
    if (content(i) === '') {
      i++;
      continue;
    }
    if (!startsCue(i)) {
      const first = i;
      while (i < lines.length && content(i) !== '' && !(i > first && startsCue(i))) i++;
      blocks.push({ kind: 'malformed', firstLine: first, lastLine: i - 1 });
      problems.push(malformedBlock(lines, first, i - 1, 'srt', cues.length > 0));
      continue;
    }
    const indexLine = hasArrow(content(i)) ? undefined : i++;
    const timingLine = i++;
    while (i < lines.length && content(i) !== '' && !startsCue(i)) i++;
    const read = readCue(lines, timingLine, i - 1, 'srt');
    if ('problem' in read) {
      blocks.push({ kind: 'malformed', firstLine: indexLine ?? timingLine, lastLine: i - 1 });
      problems.push(read.problem);
      continue;
    }
    const cue: ParsedCue = read.cue;
    if (indexLine !== undefined) {
      cue.indexLine = indexLine;
      cue.index = Number(content(indexLine));
    }
    cues.push(cue);
  }
  return { format: 'srt', cues, blocks, problems, lines, eol, bom: text.startsWith('\uFEFF') };
}
