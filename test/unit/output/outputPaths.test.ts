import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TranslateError } from '../../../src/core/errors';
import { keepBothPath, outputPathFor, planOutputs } from '../../../src/core/output/outputPaths';

const dir = path.join(path.sep, 'media', 'talks');
const input = path.join(dir, 'talk.mp4');
const at = (name: string): string => path.join(dir, name);

describe('outputPathFor', () => {
  it('names outputs <stem>.<language>.<format> beside the input', () => {
    assert.equal(outputPathFor(input, 'en', 'srt'), at('talk.en.srt'));
    assert.equal(outputPathFor(input, 'zh', 'wav'), at('talk.zh.wav'));
  });

  it('keeps the dots of the stem and handles names without an extension', () => {
    assert.equal(outputPathFor(at('my.talk.mp4'), 'en', 'srt'), at('my.talk.en.srt'));
    assert.equal(outputPathFor(at('recording'), 'en', 'txt'), at('recording.en.txt'));
    assert.equal(outputPathFor(at('.hidden'), 'en', 'txt'), at('.hidden.en.txt'));
  });

  it('puts outputs in outDir when one is given', () => {
    const out = path.join(path.sep, 'out');
    assert.equal(outputPathFor(input, 'en', 'vtt', out), path.join(out, 'talk.en.vtt'));
  });
});

describe('keepBothPath', () => {
  it('returns the first free numbered name', () => {
    const taken = new Set([at('talk.en (2).srt'), at('talk.en (3).srt')]);
    assert.equal(keepBothPath(at('talk.en.srt'), (p) => taken.has(p)), at('talk.en (4).srt'));
    assert.equal(keepBothPath(at('talk.en.srt'), () => false), at('talk.en (2).srt'));
  });
});

describe('planOutputs', () => {
  const formats = ['srt', 'txt', 'wav'] as const;

  it('plans every format under its plain name when nothing exists', () => {
    const plan = planOutputs(input, 'en', [...formats], { ifExists: 'fail', exists: () => false });
    assert.deepEqual(plan, { srt: at('talk.en.srt'), txt: at('talk.en.txt'), wav: at('talk.en.wav') });
  });

  it('keeps the names when overwriting', () => {
    const plan = planOutputs(input, 'en', ['srt'], { ifExists: 'overwrite', exists: () => true });
    assert.deepEqual(plan, { srt: at('talk.en.srt') });
  });

  it('fails with outputExists naming the files that exist', () => {
    const taken = new Set([at('talk.en.srt')]);
    assert.throws(
      () => planOutputs(input, 'en', [...formats], { ifExists: 'fail', exists: (p) => taken.has(p) }),
      (e: unknown) =>
        TranslateError.is(e, 'outputExists') && e.message === 'talk.en.srt already exists.' && e.next === 'replaceOutputs',
    );
    taken.add(at('talk.en.txt'));
    assert.throws(
      () => planOutputs(input, 'en', [...formats], { ifExists: 'fail', exists: (p) => taken.has(p) }),
      /^TranslateError: talk\.en\.srt and talk\.en\.txt already exist\.$/,
    );
  });

  it('numbers all outputs of a run with the same free number when keeping both', () => {
    // The subtitles were written twice before; the text file only once.
    const taken = new Set([at('talk.en.srt'), at('talk.en (2).srt'), at('talk.en.txt')]);
    const plan = planOutputs(input, 'en', [...formats], { ifExists: 'keepBoth', exists: (p) => taken.has(p) });
    assert.deepEqual(plan, { srt: at('talk.en (3).srt'), txt: at('talk.en (3).txt'), wav: at('talk.en (3).wav') });
  });

  it('keeps plain names when keeping both but nothing exists', () => {
    const plan = planOutputs(input, 'en', ['vtt'], { ifExists: 'keepBoth', exists: () => false });
    assert.deepEqual(plan, { vtt: at('talk.en.vtt') });
  });
});
