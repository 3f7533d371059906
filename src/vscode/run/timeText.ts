import { clock } from '../../core/api/sentence';
import type { Cue } from '../../core/output/cue';

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
  return cues.map((cue, i) => `${i + 1}\n${srtTime(cue.start)} --> ${srtTime(cue.end)}\n${cue.text}\n`).join('\n');
}

function srtTime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)},${pad(ms % 1000, 3)}`;
}

/** A count with thousands separators: `45,678`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
