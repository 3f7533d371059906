import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Cue } from '../../../src/core/subtitles/cue';
import { layoutCues } from '../../../src/core/subtitles/layout';
import { formatSrt, formatTimestamp, srtBlocks } from '../../../src/core/subtitles/srt';
import { formatTxt } from '../../../src/core/output/txt';
import { formatVtt } from '../../../src/core/subtitles/vtt';

const run = promisify(execFile);
const ffmpeg = '/usr/bin/ffmpeg';

const cues: Cue[] = [
  { start: 0, end: 1.5, text: 'Hello, world.' },
  { start: 1.6, end: 3.25, text: 'Two lines\nof text' },
  { start: 3661.0004, end: 3662.9996, text: 'An hour later: "quotes" & ünïcödé 你好' },
];

describe('formatTimestamp', () => {
  it('writes HH:MM:SS with milliseconds after the separator', () => {
    assert.equal(formatTimestamp(0, ','), '00:00:00,000');
    assert.equal(formatTimestamp(3661.5, ','), '01:01:01,500');
    assert.equal(formatTimestamp(59.9996, '.'), '00:01:00.000');
    assert.equal(formatTimestamp(-2, '.'), '00:00:00.000');
    assert.equal(formatTimestamp(100 * 3600, ','), '100:00:00,000');
  });
});

describe('formatSrt', () => {
  it('numbers cues from 1 with a blank line between and a final newline', () => {
    const srt = formatSrt(cues.slice(0, 2));
    assert.equal(srt, '1\n00:00:00,000 --> 00:00:01,500\nHello, world.\n\n2\n00:00:01,600 --> 00:00:03,250\nTwo lines\nof text\n');
  });

  it('round-trips times (to the millisecond) and text', () => {
    const parsed = parseSubtitles(formatSrt(cues), ',');
    assert.equal(parsed.length, cues.length);
    parsed.forEach((p, i) => {
      assert.equal(p.text, cues[i].text);
      assert.ok(Math.abs(p.start - cues[i].start) <= 0.0005 && Math.abs(p.end - cues[i].end) <= 0.0005);
    });
  });

  it('is the same text when written batch by batch with srtBlocks, as the live tab grows', () => {
    const all: Cue[] = [...cues, { start: 9, end: 10, text: '  ' }, ...cues.map((c) => ({ ...c, start: c.start + 20, end: c.end + 20 }))];
    let text = '';
    let numbered = 0;
    for (const batch of [all.slice(0, 1), [], all.slice(1, cues.length + 1), all.slice(cues.length + 1)]) {
      const blocks = srtBlocks(batch, numbered + 1);
      if (blocks.length > 0) text += `${text ? '\n' : ''}${blocks.join('\n')}`;
      numbered += blocks.length;
    }
    assert.equal(text, formatSrt(all));
  });

  it('never writes an end before its start, and defuses arrows and blank lines in text', () => {
    const srt = formatSrt([
      { start: 2.0004, end: 2.0001, text: 'a --> b\n\n  c  ' },
      { start: 3, end: 4, text: '   ' },
    ]);
    const parsed = parseSubtitles(srt, ',');
    assert.equal(parsed.length, 1);
    assert.ok(parsed[0].end > parsed[0].start);
    assert.equal(parsed[0].text, 'a -> b\nc');
    // Longer arrows too: replacing "-->" once would leave "--->" as "-->".
    assert.equal(formatSrt([{ start: 0, end: 1, text: 'x ---> y ----> z' }]).split('\n')[2], 'x -> y -> z');
  });

  it('writes an empty file for no cues', () => {
    assert.equal(formatSrt([]), '');
  });
});

describe('formatVtt', () => {
  it('starts with WEBVTT and uses dots before milliseconds', () => {
    const vtt = formatVtt(cues.slice(0, 1));
    assert.equal(vtt, 'WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello, world.\n');
    assert.equal(formatVtt([]), 'WEBVTT\n');
  });

  it('escapes &, < and > and round-trips times and text', () => {
    const tricky = [...cues, { start: 5, end: 6, text: 'if a < b && c > d --> e' }];
    const vtt = formatVtt(tricky);
    assert.ok(!/-->.*-->/.test(vtt.split('\n').find((l) => l.startsWith('if')) ?? ''), 'no arrow left in text');
    const parsed = parseSubtitles(vtt, '.');
    assert.equal(parsed.length, tricky.length);
    parsed.forEach((p, i) => {
      assert.equal(unescapeVtt(p.text), tricky[i].text);
      assert.ok(Math.abs(p.start - tricky[i].start) <= 0.0005 && Math.abs(p.end - tricky[i].end) <= 0.0005);
    });
  });
});

describe('subtitle files read by ffmpeg', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-subs-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const english =
    'Good evening, and welcome to the programme. Tonight we look at how rivers change the land around them, ' +
    'slowly, over thousands of years. Our first stop is a valley in the north.';
  const track = layoutCues(english, { start: 2, end: 14, speech: [{ start: 2, end: 6 }, { start: 7, end: 14 }] }, { language: 'en' });

  for (const [ext, format] of [
    ['srt', formatSrt],
    ['vtt', formatVtt],
  ] as const) {
    it(`parses a generated .${ext} without error and reads the same cues`, async () => {
      const file = path.join(dir, `talk.en.${ext}`);
      fs.writeFileSync(file, format(track));
      await run(ffmpeg, ['-v', 'error', '-i', file, '-map', '0:s', '-c:s', 'copy', '-f', 'null', '-']);
      // Converting to SubRip shows what ffmpeg understood: every cue, with its times.
      const { stdout } = await run(ffmpeg, ['-v', 'error', '-i', file, '-map', '0:s', '-f', 'srt', '-']);
      const read = parseSubtitles(stdout, ',');
      assert.equal(read.length, track.length);
      read.forEach((r, i) => {
        assert.ok(Math.abs(r.start - track[i].start) <= 0.011 && Math.abs(r.end - track[i].end) <= 0.011, `cue ${i} times`);
        assert.equal(r.text, track[i].text);
      });
    });
  }
});

describe('formatTxt', () => {
  it('writes one trimmed paragraph per piece with blank lines between and a final newline', () => {
    assert.equal(formatTxt(['  First   piece\ntext. ', '', '  ', 'Second piece.']), 'First piece text.\n\nSecond piece.\n');
  });

  it('writes nothing for no text', () => {
    assert.equal(formatTxt([]), '');
    assert.equal(formatTxt([' ', '\n']), '');
  });
});

/** A small SRT/VTT reader: blocks separated by blank lines, a timing line, then text lines. */
function parseSubtitles(text: string, sep: ',' | '.'): Cue[] {
  const out: Cue[] = [];
  const time = `(\\d{2,}):(\\d{2}):(\\d{2})\\${sep}(\\d{3})`;
  const timing = new RegExp(`^${time} --> ${time}$`);
  for (const block of text.replace(/\r\n/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n').filter((l) => l !== '');
    const at = lines.findIndex((l) => timing.test(l));
    if (at === -1) continue;
    const m = timing.exec(lines[at]) as RegExpExecArray;
    const seconds = (o: number): number => +m[o] * 3600 + +m[o + 1] * 60 + +m[o + 2] + +m[o + 3] / 1000;
    out.push({ start: seconds(1), end: seconds(5), text: lines.slice(at + 1).join('\n') });
  }
  return out;
}

function unescapeVtt(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
