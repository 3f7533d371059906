import { formatTimestamp } from '../../../src/core/subtitles/timestamp';
import type { CraftedFile } from './craftedFiles';

/**
 * Subtitle files with random faults, the same ones for the same seed: overlaps, small gaps, cues out
 * of order, too short and too long cues, empty cues, long lines, several sentences, tags, wrong or
 * missing numbers, bad timestamps, stray text, CRLF and BOM, English, Japanese and Arabic.
 */
export function randomFiles(count: number, seed: number): CraftedFile[] {
  const rnd = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const files: CraftedFile[] = [];
  for (let n = 0; n < count; n++) {
    const format = rnd() < 0.5 ? 'srt' : 'vtt';
    const language = pick(['en', 'en', 'ja', 'ar']);
    const out: string[] = format === 'vtt' ? (rnd() < 0.9 ? ['WEBVTT', ''] : []) : [];
    let t = rnd() * 3;
    const cues = 2 + Math.floor(rnd() * 8);
    for (let k = 0; k < cues; k++) {
      const duration = pick([0.2, 0.5, 1, 2, 3, 5, 8, 12]) * (0.5 + rnd());
      let start = t;
      if (rnd() < 0.1) start = Math.max(0, t - 6); // Out of order.
      const end = rnd() < 0.05 ? start - 0.5 : start + duration;
      const stamp = (s: number): string => formatTimestamp(s, format === 'srt' ? ',' : '.');
      let timing = `${stamp(start)} --> ${stamp(end)}`;
      if (rnd() < 0.05) timing = timing.replace(/:(\d\d)[,.]/, ':$1x'); // A bad timestamp.
      if (format === 'vtt' && rnd() < 0.2) timing += ' align:start line:0';
      if (format === 'srt' && rnd() < 0.9) out.push(String(rnd() < 0.1 ? k + 5 : k + 1));
      if (format === 'vtt' && rnd() < 0.2) out.push(`cue-${k}`);
      out.push(timing);
      out.push(...textFor(language, rnd, pick));
      out.push('');
      if (rnd() < 0.05) out.push('stray text between cues', '');
      if (format === 'vtt' && rnd() < 0.1) out.push('NOTE a note', '');
      // The next cue: after a pause, a tiny gap, or overlapping.
      t = end + pick([-0.5, 0, 0.02, 0.1, 0.5, 2]);
    }
    let text = out.join('\n');
    if (rnd() < 0.3) text = text.replace(/\n/g, '\r\n');
    if (rnd() < 0.2) text = `\uFEFF${text}`;
    files.push({ name: `random-${seed}-${n}.${language}.${format}`, format, language, text, problems: [] });
  }
  return files;
}

function textFor(language: string, rnd: () => number, pick: <T>(items: readonly T[]) => T): string[] {
  const sentences: Record<string, string[]> = {
    en: ['Hello there.', 'This is a much longer sentence that will not fit on one subtitle line.', 'Yes!', 'And <i>then</i> we left,', 'quietly.', 'What now?'],
    ja: ['今日はとても良い天気ですね。', 'はい。', '散歩に行きましょう、公園まで。', 'ありがとう！'],
    ar: ['مرحبا بكم.', 'هذه جملة طويلة جدا لا تتسع في سطر واحد من الترجمة.', 'شكرا!'],
  };
  const roll = rnd();
  if (roll < 0.07) return []; // An empty cue.
  if (roll < 0.1) return ['<i></i>'];
  const lines: string[] = [];
  const count = pick([1, 1, 2, 2, 3]);
  for (let k = 0; k < count; k++) lines.push(pick(sentences[language]) + (rnd() < 0.2 ? ' ' + pick(sentences[language]) : ''));
  return lines;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
