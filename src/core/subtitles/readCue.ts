import { lineRange, linesRange, lineText, type ParsedCue, type SubtitleFormat, type SubtitleProblem } from './subtitleDocument';
import { isTimingError, parseTiming } from './timing';

/**
 * Reads one cue from its timing line and the text lines after it (up to `lastLine`), or says why
 * its timing line cannot be read. Text lines keep their tags; trailing spaces are dropped.
 */
export function readCue(
  lines: readonly string[],
  timingLine: number,
  lastLine: number,
  format: SubtitleFormat,
): { cue: ParsedCue } | { problem: SubtitleProblem } {
  const raw = lines[timingLine];
  // Columns count from the start of the stored line, so a BOM on line 0 shifts them by one.
  const shift = raw.length - lineText(lines, timingLine).length;
  const timing = parseTiming(lineText(lines, timingLine));
  if (isTimingError(timing)) {
    const at = { startLine: timingLine, startCol: timing.at.start + shift, endLine: timingLine, endCol: timing.at.end + shift };
    return { problem: { code: 'malformedTimestamp', severity: 'error', message: badStamp(timing.bad, format), range: at, fixes: [] } };
  }
  const text: string[] = [];
  for (let i = timingLine + 1; i <= lastLine; i++) text.push(lines[i].trimEnd());
  return {
    cue: {
      start: timing.start,
      end: timing.end,
      text: text.join('\n'),
      timingLine,
      lastLine: Math.max(timingLine, lastLine),
      settings: timing.settings,
      startStamp: { start: timing.startStamp.start + shift, end: timing.startStamp.end + shift },
      endStamp: { start: timing.endStamp.start + shift, end: timing.endStamp.end + shift },
    },
  };
}

/** The problem for lines that belong to no cue. */
export function malformedBlock(lines: readonly string[], first: number, last: number, format: SubtitleFormat, afterCue: boolean): SubtitleProblem {
  const message =
    format === 'srt'
      ? afterCue
        ? 'This text belongs to no cue: a blank line ended the cue above it, and a cue starts with its number and a timing line.'
        : 'This text belongs to no cue: a cue starts with its number and a timing line such as 00:00:01,000 --> 00:00:02,000.'
      : 'This block is neither a cue nor a NOTE, STYLE or REGION block: a cue starts with a timing line such as 00:00:01.000 --> 00:00:02.000.';
  return { code: 'malformedBlock', severity: 'error', message, range: linesRange(lines, first, last), fixes: [] };
}

/** The problem for a WebVTT document whose first line is not `WEBVTT`. */
export function missingHeader(lines: readonly string[]): SubtitleProblem {
  return {
    code: 'missingHeader',
    severity: 'error',
    message: 'A WebVTT file starts with the line WEBVTT, and this one does not.',
    range: lineRange(lines, 0),
    fixes: [],
  };
}

function badStamp(bad: string, format: SubtitleFormat): string {
  const shape = format === 'srt' ? 'HH:MM:SS,mmm --> HH:MM:SS,mmm' : 'HH:MM:SS.mmm --> HH:MM:SS.mmm (hours may be left out)';
  if (!bad) return `The timing line is missing a time; it should read ${shape}.`;
  return `"${bad}" is not a timestamp; a timing line reads ${shape}.`;
}
