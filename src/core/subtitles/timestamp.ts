/**
 * A subtitle timestamp, `HH:MM:SS,mmm` for SRT (`sep` ',') or `HH:MM:SS.mmm` for WebVTT (`sep` '.').
 * Times are rounded to the millisecond; negative times become zero; hours grow past two digits.
 */
export function formatTimestamp(seconds: number, sep: ',' | '.'): string {
  return timestampFromMs(toMs(seconds), sep);
}

/** A cue's start and end in whole milliseconds, the end never before the start nor equal to it. */
export function cueMs(cue: { start: number; end: number }): [number, number] {
  const start = toMs(cue.start);
  return [start, Math.max(toMs(cue.end), start + 1)];
}

/** Formats whole milliseconds as a timestamp. */
export function timestampFromMs(ms: number, sep: ',' | '.'): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${sep}${pad(rest, 3)}`;
}

function toMs(seconds: number): number {
  return Number.isFinite(seconds) ? Math.max(0, Math.round(seconds * 1000)) : 0;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
