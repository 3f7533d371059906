import * as path from 'node:path';
import * as os from 'node:os';
import * as fs from 'node:fs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildJob, ffprobeBeside, regionBaseUrls } from '../../src/core/job';

describe('buildJob: the one place every caller gets its defaults', () => {
  it('fills in what a caller leaves out', () => {
    const job = buildJob({ input: 'talk.mp4', targetLanguage: 'de', apiKey: 'sk-x' });
    assert.equal(job.voice, undefined);
    assert.deepEqual(job.formats, ['srt', 'txt']);
    assert.equal(job.ifExists, 'fail');
    assert.equal(job.api.baseUrl, regionBaseUrls.singapore);
    assert.equal(job.api.model, 'qwen3-livetranslate-flash');
    assert.deepEqual(job.policy, { concurrency: 'auto', maxRetries: 3, stallSeconds: 60, requestsPerMinute: 100, tokensPerMinute: 100_000 });
    assert.equal(job.segmentSeconds, 30);
    assert.equal(job.ffmpegPath, 'ffmpeg');
    assert.equal(job.ffprobePath, 'ffprobe');
  });

  it('gives speech the first voice that speaks the target, and adds the dub track', () => {
    const cantonese = buildJob({ input: 'a.wav', targetLanguage: 'yue', apiKey: 'k', speech: true });
    assert.equal(cantonese.voice, 'Kiki');
    assert.deepEqual(cantonese.formats, ['srt', 'txt', 'wav']);
    assert.equal(buildJob({ input: 'a.wav', targetLanguage: 'en', apiKey: 'k', speech: 'Ethan' }).voice, 'Ethan');
  });

  it('works out the endpoint once: an explicit base URL wins over the region, trailing slashes go', () => {
    assert.equal(buildJob({ input: 'a', targetLanguage: 'en', apiKey: 'k', region: 'beijing' }).api.baseUrl, regionBaseUrls.beijing);
    assert.equal(buildJob({ input: 'a', targetLanguage: 'en', apiKey: 'k', region: 'beijing', baseUrl: 'http://127.0.0.1:9/v1/' }).api.baseUrl, 'http://127.0.0.1:9/v1');
  });

  it('keeps policy values a caller sets and only those', () => {
    const job = buildJob({ input: 'a', targetLanguage: 'en', apiKey: 'k', policy: { concurrency: 2, stallSeconds: undefined } });
    assert.equal(job.policy.concurrency, 2);
    assert.equal(job.policy.stallSeconds, 60);
  });

  it('finds ffprobe beside a configured ffmpeg', () => {
    const there = (): boolean => true;
    assert.equal(ffprobeBeside('/opt/ffmpeg/bin/ffmpeg', there), '/opt/ffmpeg/bin/ffprobe');
    assert.equal(ffprobeBeside('C:\\tools\\ffmpeg.exe', there), 'C:\\tools\\ffprobe.exe');
    assert.equal(ffprobeBeside('ffmpeg', there), 'ffprobe');
    assert.equal(ffprobeBeside('/usr/local/bin/avconv', there), '/usr/local/bin/ffprobe');
  });

  it('takes ffprobe from PATH when the configured ffmpeg has none beside it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-ffprobe-'));
    try {
      fs.writeFileSync(path.join(dir, 'ffmpeg'), '');
      assert.equal(ffprobeBeside(path.join(dir, 'ffmpeg')), 'ffprobe');
      fs.writeFileSync(path.join(dir, 'ffprobe'), '');
      assert.equal(ffprobeBeside(path.join(dir, 'ffmpeg')), path.join(dir, 'ffprobe'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
