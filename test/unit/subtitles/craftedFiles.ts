import type { ProblemCode, SubtitleFormat } from '../../../src/core/subtitles/subtitleDocument';

/** A hand-made subtitle file with the problems the default profile finds in it (code and 0-based line). */
export interface CraftedFile {
  name: string;
  format: SubtitleFormat;
  /** The target language the checks use (the file name's language, as the editor takes it). */
  language: string;
  text: string;
  problems: [ProblemCode, number][];
}

/** Lines joined with "\n" and a final line break. */
export function lines(...l: string[]): string {
  return `${l.join('\n')}\n`;
}

/** The same file with other line breaks and, optionally, a BOM. */
export function reshaped(text: string, eol: '\r\n' | '\r', bom = false): string {
  return (bom ? '\uFEFF' : '') + text.replace(/\n/g, eol);
}

export const cleanSrt = lines(
  '1',
  '00:00:01,000 --> 00:00:03,000',
  'The first cue, on one line.',
  '',
  '2',
  '00:00:03,500 --> 00:00:06,000',
  '<i>A second cue</i>',
  'on two lines.',
  '',
  '3',
  '01:00:00,000 --> 01:00:02,500',
  'An hour later.',
);

export const cleanVtt = lines(
  'WEBVTT - a clean file',
  'Kind: captions',
  '',
  'STYLE',
  '::cue { color: yellow; }',
  '',
  'REGION',
  'id:left width:40%',
  '',
  'NOTE a comment',
  'that spans two lines',
  '',
  'intro',
  '00:01.000 --> 00:03.000 align:start line:10%',
  '<v Anna>The first cue, on one line.</v>',
  '',
  '00:03.500 --> 00:06.000',
  '<c.loud>A second cue</c>',
  'on two lines &amp; more.',
  '',
  'NOTE between cues',
  '',
  '01:00:00.000 --> 01:00:02.500',
  'An hour later.',
);

/** Every oddity a tolerant parser must read without a malformed problem. */
export const oddSrt = [
  '',
  '',
  '7', // A wrong number (counted by the numbering check, not a syntax error).
  '00:00:01.000 --> 00:00:03.000   ', // Dots and trailing spaces.
  'Dots instead of commas.  ',
  '',
  '',
  '',
  '00:00:03,500 --> 00:00:06,000 X1:100 X2:200 Y1:10 Y2:50', // No number, with coordinates.
  '{\\an8}<font color="#ff0000">Tags</font> stay <b>as written</b>.',
  '3',
  '00:06,500-->00:09,000', // Hours left out, no spaces, and no blank line before the cue.
  'Hours left out.',
  '',
].join('\n');

export const crafted: CraftedFile[] = [
  { name: 'clean.srt', format: 'srt', language: 'en', text: cleanSrt, problems: [] },
  { name: 'clean-crlf-bom.srt', format: 'srt', language: 'en', text: reshaped(cleanSrt, '\r\n', true), problems: [] },
  { name: 'clean-cr.srt', format: 'srt', language: 'en', text: reshaped(cleanSrt, '\r'), problems: [] },
  { name: 'clean.vtt', format: 'vtt', language: 'en', text: cleanVtt, problems: [] },
  { name: 'clean-crlf-bom.vtt', format: 'vtt', language: 'en', text: reshaped(cleanVtt, '\r\n', true), problems: [] },
  { name: 'odd.srt', format: 'srt', language: 'en', text: oddSrt, problems: [['cueNumber', 2]] },
  {
    name: 'reading-speed.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:01,000 --> 00:00:02,000', 'Far too many words for a single second.', '', '2', '00:00:04,000 --> 00:00:06,000', 'Next.'),
    problems: [['readingSpeed', 1]],
  },
  {
    name: 'line-length.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:01,000 --> 00:00:05,000', 'This single line is much longer than the forty-two characters allowed.'),
    problems: [['lineLength', 2]],
  },
  {
    name: 'line-count.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:01,000 --> 00:00:05,000', 'One,', 'two,', 'three lines.'),
    problems: [['lineCount', 2]],
  },
  {
    name: 'too-short.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:01,000 --> 00:00:01,400', 'Hi.', '', '2', '00:00:03,000 --> 00:00:05,000', 'There is a pause before this.'),
    problems: [['tooShort', 1]],
  },
  {
    name: 'too-long.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:01,000 --> 00:00:10,000', 'Too long on screen. Two sentences.'),
    problems: [['tooLong', 1]],
  },
  {
    name: 'gap.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:01,000 --> 00:00:02,960', 'The gap after this cue', '', '2', '00:00:03,000 --> 00:00:05,000', 'is only forty milliseconds.'),
    problems: [['gap', 1]],
  },
  {
    name: 'overlap.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:01,000 --> 00:00:03,500', 'This cue runs on', '', '2', '00:00:03,000 --> 00:00:05,000', 'into the next one.'),
    problems: [['overlap', 1]],
  },
  {
    name: 'order.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:05,000 --> 00:00:07,000', 'Said second.', '', '2', '00:00:01,000 --> 00:00:03,000', 'Said first.', '', '3', '00:00:08,000 --> 00:00:10,000', 'Said third.'),
    problems: [['order', 5]],
  },
  {
    name: 'empty.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:01,000 --> 00:00:03,000', '<i></i>', '', '2', '00:00:04,000 --> 00:00:06,000', 'Words.'),
    problems: [['emptyCue', 1]],
  },
  {
    name: 'malformed-timestamp.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:01,000 --> 00:00:03,000', 'Fine.', '', '2', '00:00:4,000 --> 00:00:06,000', 'Bad start.', '', '3', '00:00:07,000 --> 00:00:09,000', 'Fine again.'),
    problems: [['malformedTimestamp', 5], ['cueNumber', 8]],
  },
  {
    name: 'malformed-block.srt',
    format: 'srt',
    language: 'en',
    text: lines('1', '00:00:01,000 --> 00:00:03,000', 'A cue', '', 'with a blank line inside it.', '', '2', '00:00:04,000 --> 00:00:06,000', 'Fine.'),
    problems: [['malformedBlock', 4]],
  },
  {
    name: 'talk.ja.srt',
    format: 'srt',
    language: 'ja',
    text: lines('1', '00:00:01,000 --> 00:00:06,000', '今日はとても良い天気ですね、散歩に行きましょう。', '', '2', '00:00:07,000 --> 00:00:09,000', 'はい。'),
    // Japanese reads at 4 characters a second, advised rather than required (info).
    problems: [['readingSpeed', 1], ['lineLength', 2]],
  },
  {
    name: 'talk.zh.srt',
    format: 'srt',
    language: 'zh',
    text: reshaped(lines('1', '00:00:01,000 --> 00:00:04,000', '我们今天来谈谈字幕。', '', '2', '00:00:04,020 --> 00:00:07,000', '好的。'), '\r\n', true),
    problems: [['gap', 1]],
  },
  {
    name: 'talk.ar.srt',
    format: 'srt',
    language: 'ar',
    // Direction marks take no room on screen and are not counted.
    text: lines('1', '00:00:01,000 --> 00:00:04,000', '\u200fمرحبا بكم في هذا الحديث عن الترجمة، وشكرا لحضوركم\u200f', '', '2', '00:00:05,000 --> 00:00:07,000', '\u202bشكرا.\u202c'),
    problems: [['lineLength', 2]],
  },
  {
    name: 'no-header.vtt',
    format: 'vtt',
    language: 'en',
    text: lines('00:01.000 --> 00:03.000', 'A cue without a header.'),
    problems: [['missingHeader', 0]],
  },
  {
    name: 'misspelt-header.vtt',
    format: 'vtt',
    language: 'en',
    text: lines('WebVTT', '', '00:01.000 --> 00:03.000', 'A misspelt header.'),
    problems: [['missingHeader', 0]],
  },
  {
    name: 'problems.vtt',
    format: 'vtt',
    language: 'en',
    text: lines(
      'WEBVTT',
      '',
      'first',
      '00:01.000 --> 00:01.300 align:start',
      'Too short &amp; too fast to read.',
      '',
      'a stray line',
      '',
      '00:02.000 --> 00:04.000',
      'Overlaps the next cue.',
      '',
      '00:03.900 --> 00:0x.000',
      'A bad end time.',
      '',
      '00:05.000 --> 00:07.000',
      '',
      '00:08.000 --> 00:16.000',
      'This one is far too long to read. It holds two sentences.',
    ),
    problems: [
      ['tooShort', 3],
      ['readingSpeed', 3],
      ['malformedBlock', 6],
      ['emptyCue', 14],
      ['tooLong', 16],
      ['lineLength', 17],
      ['malformedTimestamp', 11],
    ],
  },
  {
    name: 'rtl.ar.vtt',
    format: 'vtt',
    language: 'ar',
    text: reshaped(lines('WEBVTT', '', '00:01.000 --> 00:02.000', '&rlm;مرحبا بكم جميعا في هذه المحاضرة.'), '\r\n', true),
    problems: [['readingSpeed', 2]],
  },
];

/** Problems that mean a file does not parse cleanly; a fix must never add one. */
export const syntaxCodes: readonly ProblemCode[] = ['malformedTimestamp', 'malformedBlock', 'missingHeader'];
