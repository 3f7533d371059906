import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCues } from '../../../src/core/subtitles/checkCues';
import { fixAllSafe } from '../../../src/core/subtitles/fixAll';
import { parseSubtitles } from '../../../src/core/subtitles/parseSubtitles';
import { subtitleRules, type SubtitleRules } from '../../../src/core/subtitles/profiles';
import type { ProblemCode, SubtitleFix, SubtitleFormat, SubtitleProblem } from '../../../src/core/subtitles/subtitleDocument';
import { applyEdits, minimalEdit } from '../../../src/core/subtitles/textEdits';
import { crafted, lines, reshaped, syntaxCodes, type CraftedFile } from './craftedFiles';
import { randomFiles } from './randomFiles';

const en = subtitleRules('netflix', 'en');

function file(name: string): CraftedFile {
  const found = crafted.find((f) => f.name === name);
  assert.ok(found, name);
  return found;
}

function problemsOf(text: string, format: SubtitleFormat, rules: SubtitleRules = en): SubtitleProblem[] {
  return checkCues(parseSubtitles(text, format), rules);
}

/** Applies the fix titled `title` (by its start) offered on the one problem with `code`, and returns the new text. */
function applyFix(text: string, format: SubtitleFormat, code: ProblemCode, title: string, rules: SubtitleRules = en): string {
  const problem = problemsOf(text, format, rules).find((p) => p.code === code);
  assert.ok(problem, `a ${code} problem`);
  const fix = problem.fixes.find((f) => f.title.startsWith(title));
  assert.ok(fix, `"${title}" is offered; offered: ${problem.fixes.map((f) => f.title).join(' | ')}`);
  return applyEdits(text, fix.edits);
}

function texts(text: string, format: SubtitleFormat): string[] {
  return parseSubtitles(text, format).cues.map((c) => c.text);
}

function syntaxCount(text: string, format: SubtitleFormat, rules: SubtitleRules): number {
  return problemsOf(text, format, rules).filter((p) => syntaxCodes.includes(p.code)).length;
}

/** Every fix offered on every problem leaves a file that parses with no new syntax problem. */
function assertEveryFixParses(text: string, format: SubtitleFormat, rules: SubtitleRules, name: string): number {
  const before = syntaxCount(text, format, rules);
  let tried = 0;
  for (const problem of problemsOf(text, format, rules)) {
    for (const fix of problem.fixes) {
      const after = applyEdits(text, fix.edits);
      assert.notEqual(after, text, `${name}: "${fix.title}" changes the file`);
      assert.ok(syntaxCount(after, format, rules) <= before, `${name}: "${fix.title}" on ${problem.code} adds no syntax problem:\n${after}`);
      tried++;
    }
  }
  return tried;
}

describe('every offered fix leaves a file that parses', () => {
  it('on every crafted file', () => {
    let tried = 0;
    for (const f of crafted) tried += assertEveryFixParses(f.text, f.format, subtitleRules('netflix', f.language), f.name);
    assert.ok(tried >= 30, `${tried} fixes tried`);
  });

  it('on 150 generated files with random faults (SRT and VTT, CRLF, BOM, CJK)', () => {
    let tried = 0;
    for (const f of randomFiles(150, 20260601)) tried += assertEveryFixParses(f.text, f.format, subtitleRules('netflix', f.language), f.name);
    assert.ok(tried > 500, `${tried} fixes tried`);
  });
});

describe('each fix', () => {
  it('rebalances a long line into two within the limit, breaking where the layout prefers (before "than")', () => {
    const out = applyFix(file('line-length.srt').text, 'srt', 'lineLength', 'Rebalance the line break');
    assert.deepEqual(texts(out, 'srt'), ['This single line is much longer\nthan the forty-two characters allowed.']);
    assert.deepEqual(problemsOf(out, 'srt'), []);
  });

  it('rebalances around tags, keeping each beside the words it marks', () => {
    const text = lines('1', '00:00:01,000 --> 00:00:05,000', '<i>This single line is much longer</i> than <b>the forty-two characters allowed.</b>');
    const out = applyFix(text, 'srt', 'lineLength', 'Rebalance');
    assert.deepEqual(texts(out, 'srt'), ['<i>This single line is much longer</i>\nthan <b>the forty-two characters allowed.</b>']);
    assert.deepEqual(problemsOf(out, 'srt'), []);
  });

  it('rebalances three lines into two, and Japanese by its own line length', () => {
    const out = applyFix(lines('1', '00:00:01,000 --> 00:00:05,000', 'One,', 'two,', 'three lines.'), 'srt', 'lineCount', 'Rebalance');
    assert.deepEqual(texts(out, 'srt'), ['One, two, three lines.']);
    const ja = subtitleRules('netflix', 'ja');
    const jaOut = applyFix(file('talk.ja.srt').text, 'srt', 'lineLength', 'Rebalance', ja);
    const [cue] = texts(jaOut, 'srt');
    assert.equal(cue.split('\n').length, 2);
    for (const line of cue.split('\n')) assert.ok(Array.from(line).length <= 13, line);
    assert.equal(cue.replace('\n', ''), '今日はとても良い天気ですね、散歩に行きましょう。');
    assert.deepEqual(problemsOf(jaOut, 'srt', ja).map((p) => p.code), ['readingSpeed'], 'only the advisory speed is left');
  });

  it('extends a short cue into the following pause, far enough and no further', () => {
    const out = applyFix(file('too-short.srt').text, 'srt', 'tooShort', 'Extend into the following pause (to 00:00:01,834)');
    assert.deepEqual(problemsOf(out, 'srt'), []);
    const fast = applyFix(file('reading-speed.srt').text, 'srt', 'readingSpeed', 'Extend');
    assert.equal(parseSubtitles(fast, 'srt').cues[0].end, 2.95, '39 characters at 20 a second');
    assert.deepEqual(problemsOf(fast, 'srt'), []);
  });

  it('never extends past the next cue less the least gap', () => {
    const text = lines('1', '00:00:01,000 --> 00:00:01,400', 'Hi.', '', '2', '00:00:01,600 --> 00:00:03,000', 'Soon after.');
    const out = applyFix(text, 'srt', 'tooShort', 'Extend');
    const [a, b] = parseSubtitles(out, 'srt').cues;
    assert.equal(a.end, 1.516);
    assert.ok(b.start - a.end >= en.minGapSeconds);
    assert.deepEqual(problemsOf(out, 'srt').map((p) => p.code), ['tooShort'], 'still short, but no gap problem');
    assert.ok(!problemsOf(out, 'srt')[0].fixes.some((f) => f.title.startsWith('Extend')), 'no more room to offer');
  });

  it('merges with the next or the previous cue and renumbers the rest', () => {
    const short = file('too-short.srt').text;
    const next = applyFix(short, 'srt', 'tooShort', 'Merge with the next cue');
    assert.equal(next, lines('1', '00:00:01,000 --> 00:00:05,000', 'Hi. There is a pause before this.'));
    const three = lines('1', '00:00:01,000 --> 00:00:03,000', 'First words', '', '2', '00:00:03,100 --> 00:00:03,500', 'and more.', '', '3', '00:00:06,000 --> 00:00:07,000', 'Last.');
    const prev = applyFix(three, 'srt', 'tooShort', 'Merge with the previous cue');
    assert.equal(prev, lines('1', '00:00:01,000 --> 00:00:03,500', 'First words and more.', '', '2', '00:00:06,000 --> 00:00:07,000', 'Last.'));
    assert.deepEqual(problemsOf(prev, 'srt'), []);
  });

  it('does not offer a merge that would be too long or would not fit two lines', () => {
    const text = lines('1', '00:00:01,000 --> 00:00:01,500', 'Hi.', '', '2', '00:00:01,600 --> 00:00:09,000', 'A long cue.');
    const problem = problemsOf(text, 'srt').find((p) => p.code === 'tooShort');
    assert.ok(problem && !problem.fixes.some((f) => f.title.startsWith('Merge')));
  });

  it('splits a long cue at the sentence end, sharing the time by length, and renumbers', () => {
    const text = `${file('too-long.srt').text}\n2\n00:00:11,000 --> 00:00:12,000\nAfter.\n`;
    const out = applyFix(text, 'srt', 'tooLong', 'Split at the sentence end');
    const cues = parseSubtitles(out, 'srt').cues;
    assert.deepEqual(cues.map((c) => [c.index, c.text]), [
      [1, 'Too long on screen.'],
      [2, 'Two sentences.'],
      [3, 'After.'],
    ]);
    // 19 of 33 characters: the cut falls at 1 + 9 × 19/33 s, less half the gap.
    assert.ok(Math.abs(cues[0].end - (1 + (9 * 19) / 33 - en.minGapSeconds / 2)) < 0.002, `${cues[0].end}`);
    assert.ok(cues[1].start - cues[0].end >= en.minGapSeconds);
    assert.equal(cues[1].end, 10);
    assert.deepEqual(problemsOf(out, 'srt'), []);
  });

  it('sorts cues into order and renumbers them', () => {
    const out = applyFix(file('order.srt').text, 'srt', 'order', 'Sort the cues');
    assert.deepEqual(parseSubtitles(out, 'srt').cues.map((c) => [c.index, c.text]), [
      [1, 'Said first.'],
      [2, 'Said second.'],
      [3, 'Said third.'],
    ]);
    assert.deepEqual(problemsOf(out, 'srt'), []);
  });

  it('gives a cue without its number one when sorting', () => {
    const text = lines('1', '00:00:05,000 --> 00:00:06,000', 'Said second.', '', '00:00:01,000 --> 00:00:02,000', 'Said first.', '', '3', '00:00:08,000 --> 00:00:09,000', 'Said third.', '');
    const out = applyFix(text, 'srt', 'order', 'Sort the cues');
    assert.deepEqual(parseSubtitles(out, 'srt').cues.map((c) => [c.index, c.text]), [
      [1, 'Said first.'],
      [2, 'Said second.'],
      [3, 'Said third.'],
    ]);
    assert.deepEqual(problemsOf(out, 'srt'), []);
  });

  it('ends an overlapping or too close cue the least gap before the next', () => {
    for (const [name, code] of [['overlap.srt', 'overlap'], ['gap.srt', 'gap']] as const) {
      const out = applyFix(file(name).text, 'srt', code, 'End this cue two frames before the next one (at 00:00:02,916)');
      assert.deepEqual(problemsOf(out, 'srt'), [], name);
    }
  });

  it('removes an empty cue and renumbers the rest', () => {
    const out = applyFix(file('empty.srt').text, 'srt', 'emptyCue', 'Remove the empty cue');
    assert.equal(out, lines('1', '00:00:04,000 --> 00:00:06,000', 'Words.'));
  });

  it('renumbers cues, adding the missing numbers', () => {
    const out = applyFix(file('odd.srt').text, 'srt', 'cueNumber', 'Renumber');
    assert.deepEqual(parseSubtitles(out, 'srt').cues.map((c) => c.index), [1, 2, 3]);
    assert.deepEqual(texts(out, 'srt'), texts(file('odd.srt').text, 'srt'));
    assert.deepEqual(problemsOf(out, 'srt'), []);
  });

  it('joins stray text to the cue above it', () => {
    const out = applyFix(file('malformed-block.srt').text, 'srt', 'malformedBlock', 'Join this text to the cue above');
    assert.deepEqual(texts(out, 'srt'), ['A cue\nwith a blank line inside it.', 'Fine.']);
    assert.deepEqual(problemsOf(out, 'srt'), []);
  });

  it('adds or corrects the WEBVTT header', () => {
    for (const name of ['no-header.vtt', 'misspelt-header.vtt']) {
      const problem = problemsOf(file(name).text, 'vtt').find((p) => p.code === 'missingHeader');
      const out = applyEdits(file(name).text, problem?.fixes[0]?.edits ?? []);
      assert.match(out, /^WEBVTT\n\n/);
      assert.deepEqual(problemsOf(out, 'vtt'), [], name);
    }
  });

  it('keeps a VTT cue\'s identifier and settings, and writes times as the file does', () => {
    const text = lines('WEBVTT', '', 'long', '01:00.000 --> 01:09.000 align:start', 'Too long on screen. Two sentences.');
    const out = applyFix(text, 'vtt', 'tooLong', 'Split');
    const cues = parseSubtitles(out, 'vtt').cues;
    assert.equal(cues[0].identifier, 'long');
    assert.deepEqual(cues.map((c) => c.settings), ['align:start', 'align:start']);
    assert.match(out, /^01:00\.000 --> 01:0\d\.\d{3} align:start$/m, 'hours still left out');
  });

  it('writes the document\'s own line breaks and keeps its BOM', () => {
    const text = reshaped(file('too-long.srt').text, '\r\n', true);
    const out = applyFix(text, 'srt', 'tooLong', 'Split');
    assert.ok(out.startsWith('\uFEFF1\r\n'));
    assert.ok(!/[^\r]\n/.test(out), 'no bare LF');
    assert.equal(parseSubtitles(out, 'srt').cues.length, 2);
  });
});

describe('fixAllSafe', () => {
  it('applies every safe fix until none is left, and changes nothing the second time', () => {
    for (const f of [...crafted, ...randomFiles(40, 7)]) {
      const rules = subtitleRules('netflix', f.language);
      const { text } = fixAllSafe(f.text, f.format, rules);
      const left = problemsOf(text, f.format, rules);
      const stillSafe = left.filter((p) => p.fixes.some((x: SubtitleFix) => x.safe));
      assert.deepEqual(stillSafe.map((p) => `${p.code}: ${p.fixes.map((x) => x.title).join(', ')}`), [], f.name);
      assert.ok(syntaxCount(text, f.format, rules) <= syntaxCount(f.text, f.format, rules), f.name);
      assert.equal(fixAllSafe(text, f.format, rules).text, text, `${f.name}: a second run changes nothing`);
    }
  });

  it('leaves text alone: merges and splits are never applied', () => {
    const f = file('problems.vtt');
    const { text, applied } = fixAllSafe(f.text, 'vtt', en);
    assert.ok(applied >= 3);
    const words = (t: string): string => texts(t, 'vtt').join(' ').replace(/\s+/g, ' ');
    assert.equal(words(text), words(f.text));
  });
});

describe('applyEdits and minimalEdit', () => {
  it('refuses overlapping edits', () => {
    const r = { startLine: 0, startCol: 0, endLine: 0, endCol: 3 };
    assert.throws(() => applyEdits('abcdef', [{ range: r, newText: 'x' }, { range: { ...r, startCol: 2, endCol: 4 }, newText: 'y' }]), /overlap/);
  });

  it('finds the one edit between two texts, never splitting CRLF or a surrogate pair', () => {
    for (const [a, b] of [
      ['a\r\nb\r\nc', 'a\r\nB\r\nc'],
      ['line\r\n', 'line\r\nmore\r\n'],
      ['x😀y', 'x😁y'],
      ['same', 'same'],
      ['', 'new'],
    ]) {
      const edit = minimalEdit(a, b);
      assert.equal(edit ? applyEdits(a, [edit]) : a, b);
    }
  });
});
