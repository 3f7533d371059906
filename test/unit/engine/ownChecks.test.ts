import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkCues } from '../../../src/core/subtitles/checkCues';
import { parseSrt } from '../../../src/core/subtitles/parseSrt';
import { parseVtt } from '../../../src/core/subtitles/parseVtt';
import { subtitleRules } from '../../../src/core/subtitles/profiles';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech } from '../../fakes/media';
import { cliEnv, runCli } from '../../fakes/runCli';

const key = 'sk-test-checks-0123456789abcdef';

describe('our own subtitles pass our own checks', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-checks-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every hard limit of the default profile for speech with realistic text, some of it fast', async () => {
    const lines = [
      'Good morning, and welcome to the third lecture of the series.',
      'Yes.',
      'Today we look at how sound becomes a signal, and how a signal becomes numbers.',
      'Right.',
      'First, a microphone turns changes of air pressure into a voltage.',
      'Then a converter samples that voltage many thousand times a second.',
      'Is that clear?',
      'Each sample is a number, and the numbers together are the recording.',
      'Good.',
      'Now let us see what happens when we play them back through a speaker.',
    ];
    let at = 0.4;
    const segments = lines.map((text, i) => {
      const s = { text, at };
      at += 1 + text.length * 0.07 + [0.45, 0.6, 1.2, 0.5, 2, 0.45, 0.8, 0.5, 1.5, 0.7][i];
      return s;
    });
    const media = await makeSpeech({ dir, name: 'lecture', format: 'wav', segments });
    // About 14 characters a second, every third stretch 20 % faster.
    api.setOptions({ charsPerSecond: (n) => (n % 3 === 0 ? 17 : 14) });
    const run = await runCli([media.file, '--to', 'en', '--formats', 'srt,vtt'], { env });
    api.setOptions({ charsPerSecond: undefined });
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /break the netflix limits/u);
    const rules = subtitleRules('netflix', 'en');
    const srt = parseSrt(fs.readFileSync(path.join(dir, 'lecture.en.srt'), 'utf8'));
    const vtt = parseVtt(fs.readFileSync(path.join(dir, 'lecture.en.vtt'), 'utf8'));
    assert.ok(srt.cues.length >= lines.length - 2, `${srt.cues.length} cues`);
    assert.deepEqual(checkCues(srt, rules).map((p) => p.message), []);
    assert.deepEqual(checkCues(vtt, rules).map((p) => p.message), []);
  });

  it('names the cues that still break a limit in the run summary', async () => {
    const media = await makeSpeech({ dir, name: 'rush', format: 'wav', segments: [{ text: 'Quick.', at: 0.3 }, { text: 'Another quick one.', at: 1.1 }], totalSeconds: 3 });
    // Far more text than anyone can read in the time, with no pause to borrow from.
    api.setOptions({ charsPerSecond: () => 60 });
    const run = await runCli([media.file, '--to', 'en', '--formats', 'srt'], { env });
    api.setOptions({ charsPerSecond: undefined });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /\d+ cues? breaks? the netflix limits for English: 00:00:0\d\.\d{3}: /u);
  });
});
