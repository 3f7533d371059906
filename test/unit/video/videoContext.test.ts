import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cuesOnOwnSpeech } from '../../fakes/cueOwnership';
import { startFakeApi, type FakeApi, type RecordedRequest } from '../../fakes/fakeApi';
import { maxDataUrlBytes } from '../../fakes/fakeApiValidate';
import { makeSpeech, type GeneratedMedia } from '../../fakes/media';
import { cliEnv, runCli } from '../../fakes/runCli';
import { cutVideoClip } from '../../../src/core/source/videoClip';

const key = 'sk-test-video-context-0123456789';

/** The media item each request carried. */
function mediaOf(q: RecordedRequest): { type: string } {
  const body = q.body as { messages: { content: { type: string }[] }[] };
  return body.messages[0].content[0];
}

describe('video as context', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;
  let talk: GeneratedMedia;
  let voice: GeneratedMedia;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-video-context-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    const segments = [
      { text: 'Good morning everyone, and welcome to the meeting.', at: 0.5 },
      { text: 'Today we look at the budget for next year.', at: 5.5 },
      { text: 'Thank you all for coming.', at: 10.5 },
    ];
    talk = await makeSpeech({ dir, name: 'talk', format: 'mp4', segments, totalSeconds: 14 });
    voice = await makeSpeech({ dir, name: 'voice', format: 'wav', segments, totalSeconds: 14 });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends each piece of an MP4 as a video clip under the size limit, and reports its video tokens', async () => {
    const first = api.requests.length;
    const out = fs.mkdtempSync(path.join(dir, 'auto-'));
    const run = await runCli([talk.file, '--to', 'en', '--segment-seconds', '5', '--formats', 'srt,json', '--out-dir', out], { env });
    assert.equal(run.code, 0, run.stderr);
    const sent = api.requests.slice(first).filter((q) => q.outcome?.status === 200);
    assert.ok(sent.length >= 2, 'several pieces');
    for (const q of sent) {
      assert.equal(mediaOf(q).type, 'video_url');
      assert.ok((q.dataUrlBytes as number) < maxDataUrlBytes);
      assert.ok((q.video?.tokens ?? 0) > 0);
    }
    const record = JSON.parse(fs.readFileSync(path.join(out, 'talk.en.json'), 'utf8'));
    assert.equal(record.options.videoContext, true);
    const videoTokens = sent.reduce((n, q) => n + (q.video?.tokens ?? 0), 0);
    assert.equal(record.usage.inputVideoTokens, videoTokens);
    // Requests arrive in any order; each piece's own count is one of them.
    const perPiece = record.pieces.map((p: { usage: { inputVideoTokens: number } }) => p.usage.inputVideoTokens).sort();
    assert.deepEqual(perPiece, sent.map((q) => q.video?.tokens).sort());
    assert.match(run.stderr, new RegExp(` ${videoTokens.toLocaleString('en-US')} video in \\+ `));
    const own = cuesOnOwnSpeech(record, talk.speech);
    assert.deepEqual(own.misses, []);
  });

  it('sends the sound alone with --video-context never, and does not reuse the clips\' answers', async () => {
    const first = api.requests.length;
    const out = fs.mkdtempSync(path.join(dir, 'never-'));
    const run = await runCli([talk.file, '--to', 'en', '--segment-seconds', '5', '--video-context', 'never', '--formats', 'srt', '--out-dir', out], { env });
    assert.equal(run.code, 0, run.stderr);
    const sent = api.requests.slice(first);
    assert.ok(sent.length >= 2, 'sent again rather than taken from the cache of the video run');
    for (const q of sent) assert.equal(mediaOf(q).type, 'input_audio');
    assert.doesNotMatch(run.stderr, /video in/);
  });

  it('sends a WAV as audio, and refuses --video-context always for it with a sentence', async () => {
    const first = api.requests.length;
    const out = fs.mkdtempSync(path.join(dir, 'wav-'));
    const run = await runCli([voice.file, '--to', 'en', '--segment-seconds', '5', '--formats', 'srt', '--out-dir', out], { env });
    assert.equal(run.code, 0, run.stderr);
    for (const q of api.requests.slice(first)) assert.equal(mediaOf(q).type, 'input_audio');
    const always = await runCli([voice.file, '--to', 'en', '--video-context', 'always', '--formats', 'srt', '--out-dir', out, '--force'], { env });
    assert.notEqual(always.code, 0);
    assert.match(always.stderr, /voice\.wav has no picture to send as video context/);
  });

  it('cuts a smaller clip, or none, when a piece would go over the limit', async () => {
    const span = { start: 0, end: 5 };
    const full = await cutVideoClip(talk.file, span, { ffmpegPath: 'ffmpeg', audioTrack: 0, width: 64, height: 48 });
    assert.ok('dataUrl' in full);
    const none = await cutVideoClip(talk.file, span, { ffmpegPath: 'ffmpeg', audioTrack: 0, width: 64, height: 48, maxBytes: 1000 });
    assert.ok('failed' in none);
    assert.match(none.failed, /stayed over the .* limit/);
  });
});
