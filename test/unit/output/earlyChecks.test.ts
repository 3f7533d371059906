import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech, type GeneratedMedia } from '../../fakes/media';
import { makeMkvStating } from '../../fakes/mkvDuration';
import { cliEnv, runCli } from '../../fakes/runCli';
import { canMountTinyDisks, runOnTinyDisks } from '../../fakes/tinyDisk';

const key = 'sk-test-early-checks-0123456789';
const tinyDisks = canMountTinyDisks();

describe('problems with where files go, found before anything is sent', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;
  let speech: GeneratedMedia;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-early-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    speech = await makeSpeech({
      dir,
      name: 'speech',
      segments: [
        { text: 'Good morning, and welcome to the meeting.', at: 0.4 },
        { text: 'We will talk about the budget today.', at: 5 },
      ],
      totalSeconds: 9,
    });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh folder holding a copy of the speech as `name`. */
  const source = (name = 'talk.wav'): string => {
    const f = fs.mkdtempSync(path.join(dir, 'case-'));
    fs.copyFileSync(speech.file, path.join(f, name));
    return path.join(f, name);
  };

  it('refuses a missing --out-dir without sending a request', async () => {
    const input = source();
    const missing = path.join(path.dirname(input), 'no-such-folder');
    const before = api.requests.length;
    const r = await runCli([input, '--to', 'en', '--out-dir', missing, '--no-cache'], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /The output folder .*no-such-folder does not exist\. Choose a folder for the outputs with --out-dir\./);
    assert.equal(api.requests.length, before);
    assert.ok(!r.stderr.includes(key), 'the key is in no message');
  });

  it('refuses a --out-dir that is a file without sending a request', async () => {
    const input = source();
    const file = path.join(path.dirname(input), 'notes.txt');
    fs.writeFileSync(file, 'notes');
    const before = api.requests.length;
    const r = await runCli([input, '--to', 'en', '--out-dir', file, '--no-cache'], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /notes\.txt is a file, not a folder/);
    assert.equal(api.requests.length, before);
    assert.ok(!r.stderr.includes(key), 'the key is in no message');
  });

  it('writes outputs whose names fit the file system, however long their temporary names would be', async () => {
    // 240 bytes as an output (talk….en.srt), 258 with the temporary file's suffix.
    const stem = 'a'.repeat(233);
    const input = source(`${stem}.wav`);
    const r = await runCli([input, '--to', 'en', '--no-cache'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(path.dirname(input), `${stem}.en.srt`)));
    assert.deepEqual(fs.readdirSync(path.dirname(input)).filter((n) => n.startsWith('.')), [], 'no temporary file is left');
  });

  it('refuses an output name too long for the file system without sending a request', async () => {
    const stem = 'b'.repeat(250);
    const input = source(`${stem}.wav`);
    const before = api.requests.length;
    const r = await runCli([input, '--to', 'en', '--no-cache'], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /The output name b+\.en\.srt is 257 bytes long; file systems take at most 255\. Give the source a shorter name\./);
    assert.equal(api.requests.length, before);
    assert.ok(!r.stderr.includes(key), 'the key is in no message');
  });

  it('refuses an output whose name a folder has, without sending a request', async () => {
    const input = source();
    fs.mkdirSync(path.join(path.dirname(input), 'talk.en.srt'));
    const before = api.requests.length;
    const r = await runCli([input, '--to', 'en', '--force', '--no-cache'], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /talk\.en\.srt is a folder, so the output of that name cannot be written; move or rename it\./);
    assert.equal(api.requests.length, before);
  });

  it('refuses a read-only --out-dir without sending a request', { skip: !tinyDisks && 'no mount namespace here' }, async () => {
    const input = source();
    const out = path.join(path.dirname(input), 'readonly');
    const before = api.requests.length;
    const [r] = await runOnTinyDisks([{ dir: out, sizeKb: 256, readOnly: true }], [{ args: [input, '--to', 'en', '--out-dir', out, '--no-cache'], env }]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /Cannot write into the output folder .*readonly: the file system is read-only\. Choose a folder for the outputs with --out-dir\./);
    assert.equal(api.requests.length, before);
    assert.ok(!r.stderr.includes(key), 'the key is in no message');
  });

  it('names a full temporary folder and TMPDIR instead of blaming the source', { skip: !tinyDisks && 'no mount namespace here' }, async () => {
    const input = source();
    const tmp = path.join(path.dirname(input), 'tmp');
    const before = api.requests.length;
    const [r] = await runOnTinyDisks(
      [{ dir: tmp, sizeKb: 64 }],
      [{ args: [input, '--to', 'en', '--no-cache'], env: { ...env, TMPDIR: tmp }, list: [path.dirname(input)] }],
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /The temporary folder .*tmp has \d+ KB free, and decoding talk\.wav needs about \d+ KB there\. Free some space, or set TMPDIR to a folder with room\./);
    assert.doesNotMatch(r.stderr, /cut short or damaged|ENOSPC/);
    assert.equal(api.requests.length, before);
    assert.ok(!r.stderr.includes(key), 'the key is in no message');
  });

  it('names the temporary folder and TMPDIR when it fills up during the decode, and blames nothing on the source', { skip: !tinyDisks && 'no mount namespace here' }, async () => {
    const f = fs.mkdtempSync(path.join(dir, 'case-'));
    // The file says 3 s, so the check before decoding passes; its 9 s of audio do not fit.
    const input = await makeMkvStating(speech.file, { dir: f, name: 'short-header', statedSeconds: 3 });
    const tmp = path.join(f, 'tmp');
    const [r] = await runOnTinyDisks(
      [{ dir: tmp, sizeKb: 128 }],
      [{ args: [input, '--to', 'en', '--no-cache'], env: { ...env, TMPDIR: tmp }, list: [f, tmp] }],
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /The temporary folder .*tmp filled up after \d+ KB of decoded audio\. Free some space there, or set TMPDIR to a folder with room/);
    assert.doesNotMatch(r.stderr, /cut short or damaged|ENOSPC/);
    assert.deepEqual(r.listings[tmp], [], 'the decoded audio is removed');
    assert.deepEqual(r.listings[f], ['short-header.mkv', 'tmp'], 'no output');
    assert.ok(!r.stderr.includes(key));
  });

  it('writes none of its outputs when the disk fills while they are written, so the rerun goes ahead', { skip: !tinyDisks && 'no mount namespace here' }, async () => {
    const input = source();
    const out = path.join(path.dirname(input), 'out');
    const args = [input, '--to', 'en', '--out-dir', out, '--formats', 'srt,vtt,txt'];
    // One page is left: the first output fits and the second does not.
    const [full, rerun] = await runOnTinyDisks(
      [{ dir: out, sizeKb: 256, leaveFreeKb: 4 }],
      [
        { args, env, list: [out] },
        { args, env, removeBefore: [path.join(out, 'filler')], list: [out] },
      ],
    );
    assert.equal(full.code, 1, full.stderr);
    assert.match(full.stderr, /the disk is full/);
    assert.deepEqual(full.listings[out], ['filler'], 'no output and no temporary file');
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.deepEqual(rerun.listings[out], ['talk.en.srt', 'talk.en.txt', 'talk.en.vtt']);
  });
});
