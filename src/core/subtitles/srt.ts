import type { Cue } from './cue';
import { cueMs, timestampFromMs } from './timestamp';

export { formatTimestamp } from './timestamp';

/**
 * The cues as a SubRip file: numbered from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, a blank line
 * between cues and a final newline. Cues without text are left out. Text is cleaned of what
 * SubRip cannot hold: a blank line would end the cue early, and `-->` reads as a timing line.
 */
export function formatSrt(cues: readonly Cue[]): string {
  return srtBlocks(cues).join('\n');
}

/**
 * The SubRip blocks of `cues`, numbered from `firstNumber`: `formatSrt` joins them with a blank
 * line. A writer that receives cues in order appends each batch's blocks instead of formatting
 * every cue again.
 */
export function srtBlocks(cues: readonly Cue[], firstNumber = 1): string[] {
  return cues
    .map((cue) => ({ cue, text: cleanSrtText(cue.text) }))
    .filter((c) => c.text !== '')
    .map(({ cue, text }, i) => {
      const [start, end] = cueMs(cue);
      return `${firstNumber + i}\n${timestampFromMs(start, ',')} --> ${timestampFromMs(end, ',')}\n${text}\n`;
    });
}

/** Cue text for SubRip: lines trimmed, blank lines dropped, arrows defused. */
function cleanSrtText(text: string): string {
  return text
    .split(/\r\n|\r|\n/u)
    .map((line) => line.replace(/-{2,}>/gu, '->').replace(/\s+/gu, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
