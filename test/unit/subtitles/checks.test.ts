import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutCues } from '../../../src/core/subtitles/layout';
import { formatSrt } from '../../../src/core/subtitles/srt';
import { formatVtt } from '../../../src/core/subtitles/vtt';
import { checkCues, checkCuesInSteps } from '../../../src/core/subtitles/checkCues';
import { parseSubtitles } from '../../../src/core/subtitles/parseSubtitles';
import { subtitleRules } from '../../../src/core/subtitles/profiles';
import type { SubtitleProblem } from '../../../src/core/subtitles/subtitleDocument';
import { crafted, lines } from './craftedFiles';

const en = subtitleRules('netflix', 'en');

function check(text: string, format: 'srt' | 'vtt' = 'srt', rules = en): SubtitleProblem[] {
  return checkCues(parseSubtitles(text, format), rules);
}

function only(problems: SubtitleProblem[], code: string): SubtitleProblem {
  const found = problems.filter((p) => p.code === code);
  assert.equal(found.length, 1, `one ${code} problem in ${JSON.stringify(problems.map((p) => p.code))}`);
  return found[0];
}

const key = ([code, line]: [string, number]): string => `${String(line).padStart(3, '0')} ${code}`;

describe('checkCues on the crafted files', () => {
  for (const file of crafted) {
    it(`${file.name}: ${file.problems.map(([c, l]) => `${c}@${l}`).join(', ') || 'no problem'}`, () => {
      const problems = check(file.text, file.format, subtitleRules('netflix', file.language));
      const found = problems.map((p): [string, number] => [p.code, p.range.startLine]).map(key).sort();
      assert.deepEqual(found, file.problems.map(key).sort());
      for (const p of problems) {
        assert.ok(/^[A-Z"].*[.]$/u.test(p.message) && !p.message.slice(0, -1).includes('. '), `one sentence: ${p.message}`);
        assert.ok(p.range.endLine > p.range.startLine || p.range.endCol > p.range.startCol, `${p.code} has a non-empty range`);
      }
    });
  }
});

describe('each check', () => {
  it('reading speed counts characters without line breaks or tags, and names the speed and the limit', () => {
    // 40 visible characters over two lines, tags left out, in 1.6 s: 25 a second.
    const p = only(check(lines('1', '00:00:01,000 --> 00:00:02,600', '<i>Twenty-one characters,</i>', 'and eighteen more.')), 'readingSpeed');
    assert.equal(p.severity, 'warning');
    assert.equal(p.message, 'This cue needs 25 characters a second (40 in 1.60 s), over the limit of 20.');
    assert.deepEqual(p.range, { startLine: 1, startCol: 0, endLine: 1, endCol: 29 });
    assert.equal(p.cueIndex, 0);
    // 40 characters in 2 s is exactly the limit.
    assert.deepEqual(check(lines('1', '00:00:01,000 --> 00:00:03,000', '<i>Twenty-one characters,</i>', 'and eighteen more.')), []);
  });

  it('reading speed is advisory (info) where the profile says so, and follows the profile', () => {
    const ja = checkCues(parseSubtitles(lines('1', '00:00:01,000 --> 00:00:02,000', 'こんにちは。'), 'srt'), subtitleRules('netflix', 'ja'));
    assert.equal(only(ja, 'readingSpeed').severity, 'info');
    assert.match(only(ja, 'readingSpeed').message, /over the advised speed of 4\./);
    const text = lines('1', '00:00:01,000 --> 00:00:03,000', 'Thirty-six characters in two seconds');
    assert.deepEqual(check(text), [], 'netflix: 18 a second is under 20');
    assert.equal(only(check(text, 'srt', subtitleRules('bbc', 'en')), 'readingSpeed').severity, 'warning');
    assert.deepEqual(check(text, 'srt', subtitleRules('custom', 'en', { maxCharsPerSecond: 30 })), []);
  });

  it('line length counts what shows: no tags, no character references, no direction marks', () => {
    const p = only(check(lines('1', '00:00:01,000 --> 00:00:05,000', '<b>This line holds exactly forty-three chars!!</b>')), 'lineLength');
    assert.equal(p.message, 'This line has 43 characters, over the maximum of 42.');
    assert.deepEqual(p.range, { startLine: 2, startCol: 0, endLine: 2, endCol: 50 });
    assert.deepEqual(check(lines('WEBVTT', '', '00:01.000 --> 00:05.000', '&lrm;Forty-two characters here &amp; not one more!'), 'vtt'), []);
    const bbc = check(lines('1', '00:00:01,000 --> 00:00:05,000', 'Thirty-eight characters on this line!!'), 'srt', subtitleRules('bbc', 'en'));
    assert.match(only(bbc, 'lineLength').message, /^This line has 38 characters, over the maximum of 37\.$/);
  });

  it("a WebVTT ruby's annotation is not counted as part of the line", () => {
    const cue = (text: string): string => lines('WEBVTT', '', '00:01.000 --> 00:02.500', text);
    assert.deepEqual(check(cue('We talk about <ruby>subtitles<rt>subs</rt></ruby> today.'), 'vtt'), []);
    const fast = only(check(cue('We talk about <ruby>subtitles<rt>subs</rt></ruby> today, at length.'), 'vtt'), 'readingSpeed');
    assert.match(fast.message, /\(41 in 1\.50 s\)/);
  });

  it('line count, duration, gap, overlap, order and empty cues each name their measure and limit', () => {
    assert.equal(only(check(crafted.find((f) => f.name === 'line-count.srt')!.text), 'lineCount').message, 'This cue has 3 lines, over the maximum of 2.');
    assert.equal(only(check(crafted.find((f) => f.name === 'too-short.srt')!.text), 'tooShort').message, 'This cue lasts 0.40 s, under the minimum of 0.83 s.');
    assert.equal(only(check(crafted.find((f) => f.name === 'too-long.srt')!.text), 'tooLong').message, 'This cue lasts 9.00 s, over the maximum of 7.00 s.');
    const gap = only(check(crafted.find((f) => f.name === 'gap.srt')!.text), 'gap');
    assert.equal(gap.message, 'The gap to the next cue is 0.040 s, under the minimum of 0.083 s.');
    assert.deepEqual(gap.range, { startLine: 1, startCol: 17, endLine: 1, endCol: 29 }, 'on the end time');
    assert.equal(only(check(crafted.find((f) => f.name === 'overlap.srt')!.text), 'overlap').message, 'This cue ends 0.500 s after the next one starts (00:00:03,000), so the two overlap.');
    const order = only(check(crafted.find((f) => f.name === 'order.srt')!.text), 'order');
    assert.equal(order.message, 'This cue starts at 00:00:01,000, before the cue above it (00:00:05,000).');
    assert.equal(order.cueIndex, 1);
    assert.equal(only(check(crafted.find((f) => f.name === 'empty.srt')!.text), 'emptyCue').severity, 'warning');
  });

  it('a gap of two frames written in milliseconds (83 ms) is enough', () => {
    assert.deepEqual(check(lines('1', '00:00:01,000 --> 00:00:02,917', 'Two frames', '', '2', '00:00:03,000 --> 00:00:05,000', 'later.')), []);
  });

  it('an end before the start is too short, and says so', () => {
    const p = only(check(lines('1', '00:00:03,000 --> 00:00:02,500', 'Backwards.')), 'tooShort');
    assert.equal(p.message, 'This cue ends 0.50 s before it starts; the minimum duration is 0.83 s.');
  });

  it('malformed syntax is an error, hard limits are warnings, numbering is info', () => {
    const problems = crafted.flatMap((f) => check(f.text, f.format, subtitleRules('netflix', f.language)));
    const severities = new Map(problems.map((p) => [p.code, p.severity]));
    assert.equal(severities.get('malformedTimestamp'), 'error');
    assert.equal(severities.get('malformedBlock'), 'error');
    assert.equal(severities.get('missingHeader'), 'error');
    for (const code of ['lineLength', 'lineCount', 'tooShort', 'tooLong', 'gap', 'overlap', 'order', 'emptyCue'] as const) {
      assert.equal(severities.get(code), 'warning', code);
    }
    assert.equal(severities.get('cueNumber'), 'info');
  });
});

describe('our own output', () => {
  it('passes our own checks under the default profile', () => {
    const text =
      'Welcome to the lecture. Today we look at subtitles, and at how long each line may be. ' +
      'A viewer reads about seventeen characters a second. Short sentences help. So do pauses.';
    const piece = { start: 0, end: 30, speech: [{ start: 0.5, end: 9.5 }, { start: 10.2, end: 19.8 }, { start: 20.5, end: 29.5 }] };
    const cues = layoutCues(text, piece, { language: 'en' });
    assert.ok(cues.length > 3);
    assert.deepEqual(check(formatSrt(cues)).map((p) => p.message), []);
    assert.deepEqual(check(formatVtt(cues), 'vtt').map((p) => p.message), []);
  });
});

describe('checkCuesInSteps', () => {
  it('finds in slices what checkCues finds at once, faults at the slices’ edges included', () => {
    for (const file of crafted) {
      const parsed = parseSubtitles(file.text, file.format);
      const rules = subtitleRules('netflix', file.language);
      const whole = checkCues(parsed, rules);
      const steps = checkCuesInSteps(parsed, rules, 2);
      let pauses = 0;
      let step = steps.next();
      for (; !step.done; step = steps.next()) pauses++;
      const view = (ps: SubtitleProblem[]): string[] => ps.map((p) => `${p.range.startLine}:${p.range.startCol} ${p.code} ${p.message}`);
      assert.deepEqual(view(step.value), view(whole), file.name);
      assert.equal(pauses, Math.max(0, Math.ceil(parsed.cues.length / 2) - 1), `${file.name}: one pause between each two cues`);
    }
  });
});
