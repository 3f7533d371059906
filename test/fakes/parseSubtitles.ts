import type { Cue } from '../../src/core/subtitles/cue';

/** Parses SRT or WebVTT text into cues, strictly enough to catch malformed output. */
export function parseSubtitles(text: string): Cue[] {
  const blocks = text.replace(/\r\n/g, '\n').replace(/^WEBVTT[^\n]*\n/, '').split(/\n{2,}/);
  const cues: Cue[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.length > 0);
    if (lines.length === 0) continue;
    const timingIndex = lines.findIndex((l) => l.includes('-->'));
    if (timingIndex < 0) throw new Error(`A cue without a timing line: ${JSON.stringify(block)}`);
    const m = /^(\d\d):(\d\d):(\d\d)[,.](\d{3}) --> (\d\d):(\d\d):(\d\d)[,.](\d{3})/.exec(lines[timingIndex]);
    if (!m) throw new Error(`A malformed timing line: ${lines[timingIndex]}`);
    const t = (i: number): number => Number(m[i]) * 3600 + Number(m[i + 1]) * 60 + Number(m[i + 2]) + Number(m[i + 3]) / 1000;
    cues.push({ start: t(1), end: t(5), text: lines.slice(timingIndex + 1).join('\n') });
  }
  return cues;
}
