import { lineText, splitLines, type ParsedCue, type ParsedSubtitles, type SubtitleBlock, type SubtitleProblem } from './subtitleDocument';
import { malformedBlock, missingHeader, readCue } from './readCue';
import { hasArrow } from './timing';

/**
 * Reads a WebVTT document without ever throwing. Tolerates a BOM, CRLF or CR line breaks, omitted
 * hours (`01:02.500`), `,` before the milliseconds, extra blank lines, trailing spaces, and a
 * missing blank line before a cue. Cue identifiers and settings are kept; NOTE, STYLE and REGION
 * blocks are kept as blocks, not cues; tags stay in the text as written. A missing `WEBVTT`
 * header and every block that is not a cue are reported.
 */
export function parseVtt(text: string): ParsedSubtitles {
  const { lines, eol } = splitLines(text);
  const cues: ParsedCue[] = [];
  const blocks: SubtitleBlock[] = [];
  const problems: SubtitleProblem[] = [];
  const content = (i: number): string => lineText(lines, i).trim();
  const blank = (i: number): boolean => content(i) === '';
  // The block ends at a blank line; `stopAtArrow` also ends it where a cue's timing line begins.
  const blockEnd = (from: number, stopAtArrow: boolean): number => {
    let i = from;
    while (i < lines.length && !blank(i) && !(stopAtArrow && i > from && hasArrow(content(i)))) i++;
    return i;
  };

  let i = 0;
  const first = lineText(lines, 0).trimEnd();
  // A misspelt header ("WebVTT", "WEBVTT:") is reported, and still read as the header it means to be.
  if (/^webvtt/iu.test(first.trimStart())) {
    i = blockEnd(0, true);
    blocks.push({ kind: 'header', firstLine: 0, lastLine: i - 1 });
  }
  if (!/^WEBVTT(?:[ \t].*)?$/u.test(first) && lines.some((l) => l.trim() !== '' && l !== '\uFEFF')) problems.push(missingHeader(lines));

  while (i < lines.length) {
    if (blank(i)) {
      i++;
      continue;
    }
    const c = content(i);
    const kind = /^NOTE(?:\s|$)/u.test(c) ? 'note' : /^STYLE$/u.test(c) ? 'style' : /^REGION$/u.test(c) ? 'region' : undefined;
    if (kind) {
      const end = blockEnd(i, false);
      blocks.push({ kind, firstLine: i, lastLine: end - 1 });
      i = end;
      continue;
    }
    const identifierLine = !hasArrow(c) && i + 1 < lines.length && hasArrow(content(i + 1)) ? i : undefined;
    if (!hasArrow(c) && identifierLine === undefined) {
      const end = blockEnd(i, true);
      blocks.push({ kind: 'malformed', firstLine: i, lastLine: end - 1 });
      problems.push(malformedBlock(lines, i, end - 1, 'vtt', cues.length > 0));
      i = end;
      continue;
    }
    const timingLine = identifierLine === undefined ? i : i + 1;
    const end = blockEnd(timingLine, true);
    const read = readCue(lines, timingLine, end - 1, 'vtt');
    i = end;
    if ('problem' in read) {
      blocks.push({ kind: 'malformed', firstLine: identifierLine ?? timingLine, lastLine: end - 1 });
      problems.push(read.problem);
      continue;
    }
    const cue: ParsedCue = read.cue;
    if (identifierLine !== undefined) {
      cue.identifierLine = identifierLine;
      cue.identifier = content(identifierLine);
    }
    cues.push(cue);
  }
  return { format: 'vtt', cues, blocks, problems, lines, eol, bom: text.startsWith('\uFEFF') };
}
