import { clock } from '../../core/api/sentence';
import type { Cue } from '../../core/output/cue';
import { formatTimestamp } from '../../core/output/timestamp';

export { clock };

/** A time range for the transcript: `[01:20 → 01:50]`. */
export function range(start: number, end: number): string {
  return end > start ? `[${clock(start)} → ${clock(end)}]` : '[whole file]';
}

/**
 * The cues so far as SRT, for the live tab. The written file comes from the engine's own writer;
 * this only has to be readable while the translation grows.
 */
export function liveSrt(cues: readonly Cue[]): string {
  return cues.map((cue, i) => `${i + 1}\n${formatTimestamp(cue.start, ',')} --> ${formatTimestamp(cue.end, ',')}\n${cue.text}\n`).join('\n');
}

/** A count with thousands separators: `45,678`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
