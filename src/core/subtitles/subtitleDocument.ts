import type { Cue } from './cue';

/** The two subtitle formats the parsers read. */
export type SubtitleFormat = 'srt' | 'vtt';

/**
 * A stretch of the document: 0-based lines, columns in UTF-16 code units (as editors count them),
 * the end exclusive. A BOM, when present, is column 0 of line 0.
 */
export interface TextRange {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

/** Replace `range` with `newText`; line breaks in `newText` are "\n" and become the document's own. */
export interface TextEdit {
  range: TextRange;
  newText: string;
}

/** A change that repairs a problem: pure text edits on the document it was computed for. */
export interface SubtitleFix {
  /** What the fix does, as a short imperative ("Rebalance the line break"). */
  title: string;
  edits: TextEdit[];
  /**
   * True when the fix changes only timing, line breaks or numbering, never which words a cue
   * holds, so "fix all" may apply it without asking.
   */
  safe: boolean;
}

/** What a problem is about; each check has its own code. */
export type ProblemCode =
  | 'malformedTimestamp'
  | 'malformedBlock'
  | 'missingHeader'
  | 'cueNumber'
  | 'readingSpeed'
  | 'lineLength'
  | 'lineCount'
  | 'tooShort'
  | 'tooLong'
  | 'gap'
  | 'overlap'
  | 'order'
  | 'emptyCue';

/** Malformed syntax is an error; hard limits are warnings; advisory limits are info. */
export type ProblemSeverity = 'error' | 'warning' | 'info';

/** One thing wrong with a subtitle document, where it is, and what would fix it. */
export interface SubtitleProblem {
  code: ProblemCode;
  severity: ProblemSeverity;
  /** One sentence with the measured value and the limit. */
  message: string;
  range: TextRange;
  /** The 0-based position of the cue in `ParsedSubtitles.cues`, when the problem is a cue's. */
  cueIndex?: number;
  fixes: SubtitleFix[];
}

/** Columns `[start, end)` of a timestamp within its timing line. */
export interface ColumnSpan {
  start: number;
  end: number;
}

/** A cue as read from a document, with the lines it occupies. */
export interface ParsedCue extends Cue {
  /** SRT: the 0-based line of the cue's number, when it has one. */
  indexLine?: number;
  /** SRT: the number as written, when it has one. */
  index?: number;
  /** VTT: the cue identifier, when it has one, and its line. */
  identifier?: string;
  identifierLine?: number;
  /** The 0-based line of `start --> end`. */
  timingLine: number;
  /** The 0-based line of the last text line; `timingLine` when the cue has no text. */
  lastLine: number;
  /** VTT cue settings as written (`align:start line:0`), or what followed the end time in SRT; '' if none. */
  settings: string;
  /** Where the start and end timestamps sit in the timing line. */
  startStamp: ColumnSpan;
  endStamp: ColumnSpan;
}

/** A block of the document that is not a cue: the VTT header, a NOTE, STYLE or REGION block, or lines that are not a cue. */
export interface SubtitleBlock {
  kind: 'header' | 'note' | 'style' | 'region' | 'malformed';
  firstLine: number;
  lastLine: number;
}

/** A parsed document: cues, other blocks, the problems met while reading, and the text's shape. */
export interface ParsedSubtitles {
  format: SubtitleFormat;
  cues: ParsedCue[];
  blocks: SubtitleBlock[];
  /** Malformed timestamps, blocks and headers; never thrown. */
  problems: SubtitleProblem[];
  /** The document's lines without their line breaks (a BOM stays at the start of line 0). */
  lines: string[];
  /** The first line break the document uses; "\n" when it has none. */
  eol: '\n' | '\r\n' | '\r';
  bom: boolean;
}

/** The first line of a cue's block: its number, identifier or timing line. */
export function firstLineOf(cue: ParsedCue): number {
  return cue.indexLine ?? cue.identifierLine ?? cue.timingLine;
}

/** Splits text into lines at CRLF, CR or LF, and says which break it uses first. */
export function splitLines(text: string): { lines: string[]; eol: '\n' | '\r\n' | '\r' } {
  const first = /\r\n|\r|\n/u.exec(text)?.[0];
  const eol = first === '\r\n' ? '\r\n' : first === '\r' ? '\r' : '\n';
  return { lines: text.split(/\r\n|\r|\n/u), eol };
}

/** A range over one whole line (a BOM on line 0 left outside). */
export function lineRange(lines: readonly string[], line: number): TextRange {
  const text = lines[line] ?? '';
  const startCol = line === 0 && text.startsWith('\uFEFF') ? 1 : 0;
  return { startLine: line, startCol, endLine: line, endCol: text.length };
}

/** A range from the start of `first` to the end of `last`. */
export function linesRange(lines: readonly string[], first: number, last: number): TextRange {
  const start = lineRange(lines, first);
  return { startLine: first, startCol: start.startCol, endLine: last, endCol: (lines[last] ?? '').length };
}

/** A line's text without a BOM. */
export function lineText(lines: readonly string[], line: number): string {
  const text = lines[line] ?? '';
  return line === 0 ? text.replace(/^\uFEFF/u, '') : text;
}
