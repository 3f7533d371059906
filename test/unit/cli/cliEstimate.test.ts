import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeLongSpeech, makeSpeech, type GeneratedMedia } from '../../fakes/media';
import { cliEnv, runCli } from '../../fakes/runCli';

const key = 'sk-test-cli-estimate-0123456789';

describe('media-translate --estimate and the usage summary', () => {
  let api: FakeApi;
  let dir: string;
  let lecture: GeneratedMedia;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-cli-estimate-'));
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 2, format: 'mp3' });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints duration, pieces and tokens with no key, no --to and nothing sent', async () => {
    const sent = api.requests.length;
    // No DASHSCOPE_API_KEY at all; the endpoint is the fake, so a request would show in its log.
    const result = await runCli(['--estimate', lecture.file], { env: { DASHSCOPE_BASE_URL: api.baseUrl } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(api.requests.length, sent, 'nothing was sent');
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0], /^lecture\.mp3: 02:00 of media in about 5 pieces, about 1,500 audio in \+ \d+ text out = [\d,]+ tokens\.$/);
    assert.match(lines[1], /^No prices given, so only tokens are shown; add --prices currency=USD,/);
    assert.equal(result.stderr, '');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['lecture.mp3'], 'no output was written');
  });

  it('adds speech out with --audio, a cost with --prices, and a total for several files', async () => {
    const other = await makeSpeech({ dir, name: 'hello', format: 'wav', segments: [{ text: 'Hello and welcome.', at: 0.3 }] });
    const prices = 'currency=USD,inputAudio=10,outputText=10,outputAudio=38';
    const result = await runCli(['--estimate', '--audio', '--prices', prices, lecture.file, other.file], { env: {} });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 3, result.stdout);
    assert.match(lines[0], /^lecture\.mp3: 02:00 of media in about 5 pieces, about 1,500 audio in \+ \d+ text out \+ [\d,]+ speech out = [\d,]+ tokens, about 0\.\d+ USD, with speech\.$/);
    assert.match(lines[1], /^hello\.wav: 00:0\d of media in about 1 piece, /);
    assert.match(lines[2], /^In all: 02:\d\d of media in about 6 pieces, .* tokens, about 0\.\d+ USD\.$/);
  });

  it('names a file it cannot read and a wrong price, as a run would', async () => {
    const missing = path.join(dir, 'missing.mp3');
    const result = await runCli(['--estimate', missing], { env: {} });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `media-translate: ${missing} does not exist.\n`);
    const wrong = await runCli(['--estimate', lecture.file, '--prices', 'currency=USD,audio=3'], { env: {} });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /^media-translate: Unknown price "audio" in --prices; use currency, inputAudio, inputVideo, outputText, outputAudio\.\n/);
  });

  it('ends a run with the tokens the server reported, by kind, and their cost with --prices', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'out-'));
    const first = api.requests.length;
    const env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    const result = await runCli([lecture.file, '--to', 'en', '--out-dir', out, '--no-cache', '--prices', 'currency=CNY,inputAudio=64,outputText=64'], { env });
    assert.equal(result.code, 0, result.stderr);
    const reported = api.requests.slice(first).map((r) => r.outcome?.usage);
    assert.ok(reported.length > 0 && reported.every((u) => u !== undefined));
    const sum = (f: (u: NonNullable<(typeof reported)[number]>) => number): number => reported.reduce((n, u) => n + f(u!), 0);
    const audioIn = sum((u) => u.prompt_tokens_details.audio_tokens);
    const textOut = sum((u) => u.completion_tokens_details.text_tokens);
    const total = sum((u) => u.total_tokens);
    const cost = ((audioIn + textOut) * 64) / 1e6;
    const line = result.stderr.split('\n').find((l) => l.startsWith('lecture.mp3: ') && l.includes(' tokens, '));
    assert.ok(line, result.stderr);
    const n = (x: number): string => x.toLocaleString('en-US');
    assert.ok(line.includes(`${n(audioIn)} audio in + ${n(textOut)} text out = ${n(total)} tokens, ${cost.toPrecision(2)} CNY, `), line);
  });
});
