import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Cue } from '../../../src/core/subtitles/cue';
import { formatSrt } from '../../../src/core/subtitles/srt';
import { formatVtt } from '../../../src/core/subtitles/vtt';
import { parseSrt } from '../../../src/core/subtitles/parseSrt';
import { parseSubtitles } from '../../../src/core/subtitles/parseSubtitles';
import { parseVtt } from '../../../src/core/subtitles/parseVtt';
import type { ParsedSubtitles } from '../../../src/core/subtitles/subtitleDocument';
import { formatOfFile, languageOfFile } from '../../../src/core/subtitles/subtitleFileName';
import { cleanSrt, cleanVtt, lines, oddSrt, reshaped } from './craftedFiles';

const run = promisify(execFile);

const cues: Cue[] = [
  { start: 0, end: 1.5, text: 'Hello, world.' },
  { start: 1.6, end: 3.25, text: 'Two lines\nof <i>text</i>' },
  { start: 59.999, end: 61.001, text: '你好，世界。' },
  { start: 3661.5, end: 3663, text: 'مرحبا بالعالم' },
  { start: 36000, end: 36001.25, text: 'Ten hours in: "quotes" ünïcödé' },
];

/** The cues without the positions, for comparing with what was written. */
function plain(parsed: ParsedSubtitles): Cue[] {
  return parsed.cues.map(({ start, end, text }) => ({ start, end, text }));
}

function assertSameCues(actual: Cue[], expected: Cue[]): void {
  assert.equal(actual.length, expected.length, 'as many cues');
  actual.forEach((c, i) => {
    assert.equal(c.text, expected[i].text, `cue ${i} text`);
    assert.ok(Math.abs(c.start - expected[i].start) < 0.0005, `cue ${i} start ${c.start} vs ${expected[i].start}`);
    assert.ok(Math.abs(c.end - expected[i].end) < 0.0005, `cue ${i} end ${c.end} vs ${expected[i].end}`);
  });
}

describe('parseSrt and parseVtt round trip the writers', () => {
  it('formatSrt → parseSrt gives the same cues, with no problem', () => {
    const parsed = parseSrt(formatSrt(cues));
    assert.deepEqual(parsed.problems, []);
    assertSameCues(plain(parsed), cues);
    assert.deepEqual(parsed.cues.map((c) => c.index), [1, 2, 3, 4, 5]);
  });

  it('formatVtt → parseVtt gives the same cues, with no problem', () => {
    // formatVtt escapes markup, so the cues here hold none.
    const safe = cues.map((c) => ({ ...c, text: c.text.replace(/<\/?i>/g, '') }));
    const parsed = parseVtt(formatVtt(safe));
    assert.deepEqual(parsed.problems, []);
    assertSameCues(plain(parsed), safe);
  });

  it('parseSubtitles picks the parser; formatOfFile and languageOfFile read the file name', () => {
    assert.equal(parseSubtitles(cleanVtt, 'vtt').format, 'vtt');
    assert.equal(parseSubtitles(cleanSrt, 'srt').cues.length, 3);
    assert.equal(formatOfFile('talk.ja.SRT'), 'srt');
    assert.equal(formatOfFile('/a/b/talk.vtt'), 'vtt');
    assert.equal(formatOfFile('talk.txt'), undefined);
    assert.equal(languageOfFile('/media/talk.ja.srt'), 'ja');
    assert.equal(languageOfFile('C:\\media\\talk.pt-BR.vtt'), 'pt');
    assert.equal(languageOfFile('talk.zh_Hans.srt'), 'zh');
    assert.equal(languageOfFile('talk.yue.srt'), 'yue');
    assert.equal(languageOfFile('talk.srt'), undefined);
    assert.equal(languageOfFile('my.talk.final.srt'), undefined);
    assert.equal(languageOfFile('talk.xx.srt'), undefined, 'not a language');
    assert.equal(languageOfFile('talk.he.srt'), 'he', 'a language the model does not list');
    assert.equal(languageOfFile('talk.NL.vtt'), 'nl');
    assert.equal(languageOfFile('talk.new.srt'), undefined, 'three letters only for a language of the model');
  });
});

describe('parseSrt', () => {
  it('records where each cue sits: its number, timing line and last text line', () => {
    const parsed = parseSrt(cleanSrt);
    assert.deepEqual(
      parsed.cues.map((c) => [c.indexLine, c.timingLine, c.lastLine]),
      [
        [0, 1, 2],
        [4, 5, 7],
        [9, 10, 11],
      ],
    );
    assert.equal(parsed.cues[1].text, '<i>A second cue</i>\non two lines.');
    assert.deepEqual(parsed.cues[0].startStamp, { start: 0, end: 12 });
    assert.deepEqual(parsed.cues[0].endStamp, { start: 17, end: 29 });
    assert.equal(parsed.eol, '\n');
    assert.equal(parsed.bom, false);
  });

  it('reads CRLF, CR and a BOM the same, with the BOM as column 0 of line 0', () => {
    const base = plain(parseSrt(cleanSrt));
    for (const text of [reshaped(cleanSrt, '\r\n'), reshaped(cleanSrt, '\r'), reshaped(cleanSrt, '\r\n', true)]) {
      const parsed = parseSrt(text);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(plain(parsed), base);
    }
    const bom = parseSrt(reshaped(cleanSrt, '\r\n', true));
    assert.equal(bom.bom, true);
    assert.equal(bom.eol, '\r\n');
    assert.equal(bom.cues[0].index, 1);
  });

  it('tolerates wrong and missing numbers, dots, omitted hours, blank lines, trailing spaces, coordinates and tags', () => {
    const parsed = parseSrt(oddSrt);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(plain(parsed), [
      { start: 1, end: 3, text: 'Dots instead of commas.' },
      { start: 3.5, end: 6, text: '{\\an8}<font color="#ff0000">Tags</font> stay <b>as written</b>.' },
      { start: 6.5, end: 9, text: 'Hours left out.' },
    ]);
    assert.deepEqual(parsed.cues.map((c) => c.index), [7, undefined, 3]);
    assert.equal(parsed.cues[1].settings, 'X1:100 X2:200 Y1:10 Y2:50');
    assert.deepEqual(parsed.cues.map((c) => c.timingLine), [3, 8, 11]);
  });

  it('reports a bad timestamp on its line and keeps reading', () => {
    const parsed = parseSrt(lines('1', '00:00:01,000 --> 00:00:03,000', 'A.', '', '2', '00:00:04,000 --> 00:61:00,000', 'B.', '', '3', '00:00:07,000 --> 00:00:09,000', 'C.'));
    assert.deepEqual(parsed.cues.map((c) => c.text), ['A.', 'C.']);
    assert.equal(parsed.problems.length, 1);
    const [p] = parsed.problems;
    assert.equal(p.code, 'malformedTimestamp');
    assert.equal(p.severity, 'error');
    assert.deepEqual(p.range, { startLine: 5, startCol: 17, endLine: 5, endCol: 29 });
    assert.match(p.message, /"00:61:00,000" is not a timestamp/);
    assert.deepEqual(parsed.blocks, [{ kind: 'malformed', firstLine: 4, lastLine: 6 }]);
  });

  it('reports text that belongs to no cue, and never throws on nonsense', () => {
    const parsed = parseSrt(lines('Some notes at the top', '', '1', '00:00:01,000 --> 00:00:02,000', 'A.'));
    assert.equal(parsed.cues.length, 1);
    assert.deepEqual(parsed.problems.map((p) => [p.code, p.range.startLine, p.range.endLine]), [['malformedBlock', 0, 0]]);
    for (const junk of ['', '\n\n', '-->', '1\n-->\n', '\uFEFF', 'x --> y\n\n\n', '99\n\n00:00', '\r\r\r', '<i>', '1\n00:00:01,000 -->\n']) {
      assert.doesNotThrow(() => parseSrt(junk), JSON.stringify(junk));
    }
    assert.deepEqual(parseSrt('').cues, []);
    assert.deepEqual(parseSrt('').problems, []);
  });
});

describe('parseVtt', () => {
  it('keeps NOTE, STYLE and REGION blocks as blocks, and identifiers and settings with their cues', () => {
    const parsed = parseVtt(cleanVtt);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.blocks.map((b) => [b.kind, b.firstLine, b.lastLine]), [
      ['header', 0, 1],
      ['style', 3, 4],
      ['region', 6, 7],
      ['note', 9, 10],
      ['note', 20, 20],
    ]);
    assert.deepEqual(plain(parsed), [
      { start: 1, end: 3, text: '<v Anna>The first cue, on one line.</v>' },
      { start: 3.5, end: 6, text: '<c.loud>A second cue</c>\non two lines &amp; more.' },
      { start: 3600, end: 3602.5, text: 'An hour later.' },
    ]);
    const [first] = parsed.cues;
    assert.equal(first.identifier, 'intro');
    assert.equal(first.identifierLine, 12);
    assert.equal(first.timingLine, 13);
    assert.equal(first.settings, 'align:start line:10%');
  });

  it('reads CRLF and a BOM like LF', () => {
    const parsed = parseVtt(reshaped(cleanVtt, '\r\n', true));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(plain(parsed), plain(parseVtt(cleanVtt)));
  });

  it('reports a missing or misspelt header, but still reads the cues', () => {
    for (const text of [lines('00:01.000 --> 00:02.000', 'A.'), lines('WebVTT', '', '00:01.000 --> 00:02.000', 'A.')]) {
      const parsed = parseVtt(text);
      assert.deepEqual(parsed.problems.map((p) => [p.code, p.severity, p.range.startLine]), [['missingHeader', 'error', 0]]);
      assert.equal(parsed.cues.length, 1);
    }
    assert.deepEqual(parseVtt('').problems, [], 'an empty new file is not yet wrong');
  });

  it('starts a new cue at a timing line even without a blank line before it', () => {
    const parsed = parseVtt(lines('WEBVTT', '', '00:01.000 --> 00:02.000', 'A.', '00:03.000 --> 00:04.000', 'B.'));
    assert.deepEqual(parsed.cues.map((c) => c.text), ['A.', 'B.']);
    assert.deepEqual(parsed.problems, []);
  });
});

describe('files written by ffmpeg', () => {
  let dir: string;
  const source = lines(
    '1',
    '00:00:01,000 --> 00:00:02,500',
    '<i>Hello</i> there,',
    'friend.',
    '',
    '2',
    '00:00:03,000 --> 00:00:04,000',
    '你好，世界。',
    '',
    '3',
    '00:01:05,250 --> 00:01:07,000',
    'مرحبا بالعالم',
    '',
    '4',
    '01:00:00,000 --> 01:00:01,000',
    '<b>Bold</b> and <u>under</u>',
  );

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-subs-'));
    fs.writeFileSync(path.join(dir, 'in.srt'), source);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const convert = async (from: string, to: string): Promise<string> => {
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', path.join(dir, from), path.join(dir, to)]);
    return fs.readFileSync(path.join(dir, to), 'utf8');
  };

  it('reads the SRT and VTT ffmpeg writes (mixed line breaks, hours left out) as the cues it was given', async () => {
    const expected = plain(parseSrt(source));
    const vtt = await convert('in.srt', 'out.vtt');
    const srt = await convert('in.srt', 'out.srt');
    const back = await convert('out.vtt', 'back.srt');
    assert.match(vtt, /^WEBVTT\n\n00:01\.000 --> 00:02\.500\n/, 'ffmpeg leaves out the hours');
    for (const [name, parsed] of [
      ['out.vtt', parseVtt(vtt)],
      ['out.srt', parseSrt(srt)],
      ['back.srt', parseSrt(back)],
    ] as const) {
      assert.deepEqual(parsed.problems, [], name);
      assertSameCues(plain(parsed), expected);
    }
  });
});
