import type { Cue } from './cue';
import { cueMs, timestampFromMs } from './timestamp';

/**
 * The cues as a WebVTT file: the `WEBVTT` header, then `HH:MM:SS.mmm --> HH:MM:SS.mmm` and the
 * text of each cue, a blank line between cues and a final newline. `&`, `<` and `>` are escaped
 * (which also keeps `-->` out of cue text), blank lines are dropped, and so are cues without text.
 */
export function formatVtt(cues: readonly Cue[]): string {
  const body = cues
    .map((cue) => ({ cue, text: cleanVttText(cue.text) }))
    .filter((c) => c.text !== '')
    .map(({ cue, text }) => {
      const [start, end] = cueMs(cue);
      return `${timestampFromMs(start, '.')} --> ${timestampFromMs(end, '.')}\n${text}\n`;
    });
  return ['WEBVTT\n', ...body].join('\n');
}

/** Cue text for WebVTT: lines trimmed, blank lines dropped, markup characters escaped. */
function cleanVttText(text: string): string {
  return text
    .split(/\r\n|\r|\n/u)
    .map((line) => line.replace(/\s+/gu, ' ').trim())
    .filter((line) => line !== '')
    .map((line) => line.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;'))
    .join('\n');
}
