import type { TranslationRecord } from '../../core/record/schema';
import { visibleText } from '../../core/subtitles/cueText';
import { parseSubtitles } from '../../core/subtitles/parseSubtitles';
import type { PreviewCue } from '../../shared/previewProtocol';

/**
 * The cues of a subtitle document's text as the player shows them (the words a viewer reads, without
 * tags or override codes), each with its lines and, when
 * a record is known, the piece it belongs to: the last piece that starts at or before it.
 */
export function previewCues(text: string, format: 'srt' | 'vtt', record?: TranslationRecord): PreviewCue[] {
  const starts = record ? [...new Map(record.pieces.map((p) => [p.index, p.start])).entries()].sort((a, b) => a[1] - b[1]) : [];
  return parseSubtitles(text, format).cues.map((c) => {
    let piece: number | undefined = starts[0]?.[0];
    for (const [index, start] of starts) if (start <= c.start + 1e-6) piece = index;
    const text = c.text.split('\n').map((l) => visibleText(l, format)).join('\n');
    const top = format === 'srt' && /\{\\an[789]\}/u.test(c.text);
    return { start: c.start, end: c.end, text, line: c.timingLine, lastLine: c.lastLine, ...(piece === undefined ? {} : { piece }), ...(top ? { top } : {}) };
  });
}

/** The cue whose lines hold `line`, or the last one before it; -1 above the first cue. */
export function cueAtLine(cues: readonly PreviewCue[], line: number): number {
  let found = -1;
  for (let i = 0; i < cues.length; i++) if (cues[i].line - 1 <= line) found = i;
  return found;
}
