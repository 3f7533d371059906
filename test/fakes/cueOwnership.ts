import type { Span } from '../../src/core/timeline';
import { numberWord } from './fakeApiAnswer';

/** The parts of a translation record this check reads. */
export interface TimedRecord {
  pieces: { index: number; start: number; end: number }[];
  cues: { start: number; end: number; text: string; piece: number }[];
}

/** How many of a record's cues sit on their own speech, and a sentence for each that does not. */
export interface Ownership {
  cues: number;
  onOwn: number;
  misses: string[];
}

const words = new Map(Array.from({ length: 21 }, (_, n) => [numberWord(n), n]));

/**
 * Checks every cue of a run against the true stretches of speech of its source: the fake names each
 * sentence by its stretch within the request ("Stretch three says …", "第3段…"), so a cue's own stretch is
 * that stretch of its piece. A cue is on its own speech when it overlaps that stretch and no other
 * stretch by more than `tolerance` seconds.
 */
export function cuesOnOwnSpeech(record: TimedRecord, spans: readonly Span[], tolerance = 0.3): Ownership {
  const misses: string[] = [];
  for (const cue of record.cues) {
    // Latin answers name it in words or digits, CJK ones as "第3段".
    const name = /^Stretch (\S+) says/u.exec(cue.text.replace(/\n/gu, ' '))?.[1] ?? /^第(\d+)段/u.exec(cue.text.replace(/\n/gu, ''))?.[1] ?? '';
    const n = words.get(name) ?? Number(name);
    const pieces = record.pieces.filter((p) => p.index === cue.piece);
    const own = n >= 1 && pieces.length > 0
      ? spans.filter((s) => s.start >= pieces[0].start - 0.15 && s.end <= pieces[pieces.length - 1].end + 0.15)[n - 1]
      : undefined;
    const at = `cue "${cue.text.replace(/\n/gu, ' ')}" (${cue.start}–${cue.end})`;
    if (!own) {
      misses.push(`${at} names no stretch of its piece`);
      continue;
    }
    const overlap = (s: Span): number => Math.min(cue.end, s.end) - Math.max(cue.start, s.start);
    if (overlap(own) <= 0) {
      misses.push(`${at} misses its stretch ${own.start.toFixed(2)}–${own.end.toFixed(2)}`);
      continue;
    }
    const other = spans.find((s) => s !== own && overlap(s) > tolerance);
    if (other) misses.push(`${at} overlaps stretch ${other.start.toFixed(2)}–${other.end.toFixed(2)}`);
  }
  return { cues: record.cues.length, onOwn: record.cues.length - misses.length, misses };
}
