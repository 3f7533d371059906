import { timestampFromMs } from './timestamp';
import type { ColumnSpan } from './subtitleDocument';

/** A timing line read: both times in seconds, where each stamp sits, and what follows the end time. */
export interface Timing {
  start: number;
  end: number;
  startStamp: ColumnSpan;
  endStamp: ColumnSpan;
  settings: string;
}

/** Why a timing line could not be read, and the columns of the part that is wrong. */
export interface TimingError {
  bad: string;
  at: ColumnSpan;
}

/** How a document writes its timestamps, so that a fix writes new ones the same way. */
export interface StampStyle {
  separator: ',' | '.';
  hours: boolean;
}

/** True for a line that holds the cue arrow, so it is meant as a timing line. */
export function hasArrow(line: string): boolean {
  return line.includes('-->');
}

/**
 * Reads `start --> end [settings]`. Tolerates `.` or `,` before the milliseconds, omitted hours,
 * one to three fraction digits, no fraction, and any spacing around the arrow.
 */
export function parseTiming(line: string): Timing | TimingError {
  const arrow = line.indexOf('-->');
  const left = line.slice(0, arrow);
  const startCol = left.length - left.trimStart().length;
  const startText = left.trim();
  const startStamp = { start: startCol, end: startCol + startText.length };
  const start = parseStamp(startText);
  if (start === undefined) return { bad: startText, at: startText ? startStamp : { start: 0, end: arrow + 3 } };
  const afterArrow = arrow + 3;
  const right = line.slice(afterArrow);
  const endCol = afterArrow + right.length - right.trimStart().length;
  const endText = /^\S*/u.exec(line.slice(endCol))?.[0] ?? '';
  const endStamp = { start: endCol, end: endCol + endText.length };
  const end = parseStamp(endText);
  if (end === undefined) return { bad: endText, at: endText ? endStamp : { start: arrow, end: line.length } };
  return { start, end, startStamp, endStamp, settings: line.slice(endStamp.end).trim() };
}

/** True when `parseTiming` failed. */
export function isTimingError(t: Timing | TimingError): t is TimingError {
  return 'bad' in t;
}

/** Seconds from `[H…:]MM:SS[,.mmm]`, or undefined when the text is not a timestamp. */
export function parseStamp(text: string): number | undefined {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[,.](\d{1,3}))?$/u.exec(text);
  if (!m) return undefined;
  const [minutes, seconds] = [Number(m[2]), Number(m[3])];
  if (minutes > 59 || seconds > 59) return undefined;
  const fraction = m[4] ? Number(`0.${m[4]}`) : 0;
  return Number(m[1] ?? 0) * 3600 + minutes * 60 + seconds + fraction;
}

/** The style of a stamp as written; a format's usual style when the stamp says nothing. */
export function stampStyle(stamp: string, format: 'srt' | 'vtt'): StampStyle {
  const sep = /[,.](\d{1,3})$/u.exec(stamp)?.[0][0];
  const separator = sep === ',' || sep === '.' ? sep : format === 'srt' ? ',' : '.';
  const hours = format === 'srt' || /^\d+:\d{1,2}:\d{2}/u.test(stamp) || stamp === '';
  return { separator, hours };
}

/** Writes seconds as a stamp in a style, rounded to the millisecond; hours appear when needed. */
export function formatStamp(seconds: number, style: StampStyle): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const full = timestampFromMs(ms, style.separator);
  return !style.hours && ms < 3_600_000 ? full.slice(3) : full;
}

/** A time rounded to the millisecond, as it will be written. */
export function toMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
