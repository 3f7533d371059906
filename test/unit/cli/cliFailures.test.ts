import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeLongSpeech, makeSpeech, type GeneratedMedia } from '../../fakes/media';
import { cliEnv, cliPath, runCli } from '../../fakes/runCli';

/** Runs the CLI, and fails if the key shows anywhere in what it printed. */
async function cli(...args: Parameters<typeof runCli>): ReturnType<typeof runCli> {
  const r = await runCli(...args);
  for (const text of [r.stdout, r.stderr]) assert.ok(!text.includes(key.slice(3)), `the key is printed: ${text}`);
  return r;
}

const key = 'sk-test-cli-failures-0123456789';

/** Every file under `dir`, relative to it, hidden ones included. */
function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** How many times `needle` occurs in `text`. */
function count(text: string, needle: RegExp): number {
  return (text.match(new RegExp(needle.source, 'g')) ?? []).length;
}

/** A pid that belonged to a process which has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  assert.ok(child.pid);
  return child.pid;
}

describe('the CLI under hostile conditions', () => {
  let api: FakeApi;
  let dir: string;
  let lecture: GeneratedMedia;
  let short: GeneratedMedia;

  /** A folder holding only a copy of `media`, a private cache and a private TMPDIR. */
  const workspace = (media: GeneratedMedia): { folder: string; file: string; cache: string; tmp: string; env: Record<string, string> } => {
    const root = fs.mkdtempSync(path.join(dir, 'ws-'));
    const folder = path.join(root, 'media');
    const cache = path.join(root, 'cache');
    const tmp = path.join(root, 'tmp');
    fs.mkdirSync(folder);
    fs.mkdirSync(tmp);
    const file = path.join(folder, path.basename(media.file));
    fs.copyFileSync(media.file, file);
    return { folder, file, cache, tmp, env: cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: cache, tmpDir: tmp }) };
  };

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-cli-fail-'));
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 1 });
    short = await makeSpeech({ dir, name: 'short', segments: [{ text: 'Good morning everyone.', at: 0.4 }] });
  });
  beforeEach(() => {
    api.faults.length = 0;
    api.setOptions({ ttftMs: 0, workPerSourceSecondMs: 0 });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of [
    { signal: 'SIGTERM' as const, code: 143 },
    { signal: 'SIGHUP' as const, code: 129 },
  ]) {
    it(`cancels on ${c.signal} as on Ctrl-C: exit ${c.code}, finished pieces kept, no .tmp and no spool left`, async () => {
      api.setOptions({ ttftMs: 100, workPerSourceSecondMs: 30 });
      const w = workspace(lecture);
      const run = await cli([w.file, '--to', 'en', '--audio', '--concurrency', '1'], { env: w.env, signalAfter: { text: ': 1/', signal: c.signal } });
      assert.equal(run.code, c.code, `${run.signal ?? ''} ${run.stderr}`);
      assert.match(run.stderr, /lecture\.wav: Cancelled\. Finished pieces are kept; run the same command again to resume\.\n$/);
      assert.deepEqual(listTree(w.folder), ['lecture.wav']);
      assert.deepEqual(listTree(w.tmp), []);
      assert.ok(listTree(w.cache).some((f) => f.endsWith('.json')), 'finished pieces are kept');
    });
  }

  it('says once when finished pieces cannot be cached, and does not promise a resume on Ctrl-C', async () => {
    api.setOptions({ ttftMs: 100, workPerSourceSecondMs: 30 });
    const w = workspace(lecture);
    // A file where the cache folder should be: nothing can be written under it.
    fs.writeFileSync(w.cache, '');
    const run = await cli([w.file, '--to', 'en', '--concurrency', '1'], { env: w.env, signalAfter: { text: ': 2/', signal: 'SIGINT' } });
    assert.equal(run.code, 130, run.stderr);
    assert.equal(count(run.stderr, /could not be saved in the cache/), 1, run.stderr);
    assert.match(run.stderr, new RegExp(`lecture\\.wav: Finished pieces could not be saved in the cache ${w.cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`));
    assert.match(run.stderr, /lecture\.wav: Cancelled\. The cache could not be written, so the same command will send every piece again\.\n$/);
  });

  it('after a failure that may pass, says that the same command sends only what is missing', async () => {
    const w = workspace(short);
    api.faults.push({ kind: '500' });
    const failed = await cli([w.file, '--to', 'en', '--retries', '0'], { env: w.env });
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /HTTP 500.*Finished pieces are kept; run the same command again to send only the rest\.\n$/);
    api.faults.push({ kind: '500' });
    const uncached = await cli([w.file, '--to', 'en', '--retries', '0', '--no-cache'], { env: w.env });
    assert.equal(uncached.code, 1, uncached.stderr);
    assert.doesNotMatch(uncached.stderr, /Finished pieces are kept/);
    api.faults.push({ kind: '401' });
    const rejected = await cli([w.file, '--to', 'en'], { env: w.env });
    assert.doesNotMatch(rejected.stderr, /Finished pieces are kept/, 'a rejected key is not a failure that passes');
  });

  it('stops a slow answer at --deadline-factor and sends the piece again', async () => {
    api.faults.push({ kind: 'slowChunks', everyMs: 1000 });
    const w = workspace(short);
    const r = await cli([w.file, '--to', 'en', '--stall-seconds', '3', '--deadline-factor', '0.1'], { env: w.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /short\.wav: Piece 00:00–\d\d:\d\d: the answer took longer than \d\.\d s, the most a piece of this length is given, so the request was stopped\. Retrying in/);
  });

  it('removes spools left by a process that died, and nothing else', async () => {
    const w = workspace(short);
    const dead = path.join(w.tmp, `media-translate-${await deadPid()}-a1B2c3`);
    const alive = path.join(w.tmp, `media-translate-${process.pid}-d4E5f6`);
    const other = path.join(w.tmp, 'media-translate-notes');
    for (const d of [dead, alive, other]) {
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'source.pcm'), Buffer.alloc(1000));
    }
    const run = await cli([w.file, '--to', 'en', '--quiet'], { env: w.env });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!fs.existsSync(dead), 'the dead process’s spool is gone');
    assert.ok(fs.existsSync(alive), 'a live process’s spool is kept');
    assert.ok(fs.existsSync(other), 'a folder that is not a spool is kept');
  });

  for (const c of [
    { name: 'a pipe closed after the first line', out: 'pipe' as const },
    { name: 'a full disk (/dev/full)', out: 'full' as const },
  ]) {
    it(`goes on to its files when stdout is ${c.name}, with no stack trace`, async () => {
      // Pieces that take a moment each, so their lines reach stdout one at a time.
      api.setOptions({ ttftMs: 100, workPerSourceSecondMs: 30 });
      const w = workspace(lecture);
      const full = c.out === 'full' ? fs.openSync('/dev/full', 'w') : undefined;
      const child = spawn(process.execPath, [cliPath, w.file, '--to', 'en', '--quiet'], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...w.env },
        stdio: ['ignore', full ?? 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      // As `| head -1` does: read one chunk, then close the reading end.
      child.stdout?.once('data', () => child.stdout?.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', (n) => resolve(n)));
      if (full !== undefined) fs.closeSync(full);
      assert.doesNotMatch(stderr, /\n\s+at |EPIPE|ENOSPC/, stderr);
      assert.ok(!stderr.includes(key.slice(3)), 'the key is not printed');
      assert.equal(code, 0, stderr);
      assert.deepEqual(listTree(w.folder), ['lecture.en.srt', 'lecture.en.txt', 'lecture.wav']);
    });
  }

  it('clears only its own entries with MEDIA_TRANSLATE_CACHE_DIR=., keeping the folder’s other files', async () => {
    const w = workspace(short);
    const env = { ...w.env, MEDIA_TRANSLATE_CACHE_DIR: '.' };
    const first = await cli([w.file, '--to', 'en', '--quiet'], { env, cwd: w.folder });
    assert.equal(first.code, 0, first.stderr);
    fs.writeFileSync(path.join(w.folder, 'notes.txt'), 'mine');
    const cleared = await cli(['--clear-cache'], { env, cwd: w.folder });
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.equal(cleared.stdout.trim(), `Removed 1 cached piece from ${w.folder}.`);
    assert.deepEqual(listTree(w.folder), ['notes.txt', 'short.en.srt', 'short.en.txt', 'short.wav']);
  });

  for (const c of [
    { args: ['--to', 'en', '--concurrency', '0'], says: /concurrency/ },
    { args: ['--to', 'xx'], says: /xx/ },
    { args: ['--to', 'en', '--voice', 'Kiki'], says: /Kiki/ },
    { args: ['--base-url', 'ftp://me:hunter2@example.com/v1', '--to', 'en'], says: /base URL/ },
  ]) {
    it(`answers ${c.args.join(' ')} as a usage error: exit 2, said once`, async () => {
      const w = workspace(short);
      const copy = path.join(w.folder, 'again.wav');
      fs.copyFileSync(w.file, copy);
      const first = api.requests.length;
      const r = await cli([w.file, copy, ...c.args], { env: w.env });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(count(r.stderr, c.says), 1, r.stderr);
      assert.doesNotMatch(r.stderr, /hunter2/);
      assert.equal(api.requests.length, first, 'nothing was sent');
    });
  }

  it('takes ffprobe from PATH when --ffmpeg has none beside it, and names ffprobe when it is missing', async () => {
    const w = workspace(short);
    const mp3 = w.file.replace(/\.wav$/, '.mp3');
    execFileSync('ffmpeg', ['-v', 'error', '-i', `file:${w.file}`, `file:${mp3}`]);
    const bin = fs.mkdtempSync(path.join(dir, 'bin-'));
    fs.symlinkSync(execFileSync('which', ['ffmpeg']).toString().trim(), path.join(bin, 'ffmpeg'));
    const run = await cli([mp3, '--to', 'en', '--ffmpeg', path.join(bin, 'ffmpeg')], { env: w.env });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(fs.existsSync(mp3.replace(/\.mp3$/, '.en.srt')));
    const missing = await cli([mp3, '--to', 'de', '--ffprobe', path.join(bin, 'ffprobe')], { env: w.env });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /ffprobe was not found\. .* Or name it with --ffprobe <path>\./);
  });

  it('says that a file whose name starts with a dash goes after --, naming the file', async () => {
    const w = workspace(short);
    for (const name of ['-intro.wav', '-talk.wav']) {
      fs.copyFileSync(w.file, path.join(w.folder, name));
      const r = await cli(['--to', 'en', name], { env: w.env, cwd: w.folder });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.split('\n')[0], `media-translate: ${name} reads as options. A file whose name starts with a dash goes after --, as in "-- ${name}".`);
      const after = await cli(['--to', 'en', '--', name], { env: w.env, cwd: w.folder });
      assert.equal(after.code, 0, after.stderr);
    }
  });

  it('says that --to needs a value when the next word is an option', async () => {
    const r = await cli([short.file, '--to', '--force'], { env: {} });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^media-translate: --to needs a value \(for example --to en\)\./);
    assert.doesNotMatch(r.stderr, /ambiguous/);
  });

  for (const c of [
    { args: ['--format', 'srt,vtt'], says: /^media-translate: Unknown option --format; did you mean --formats\?/ },
    { args: ['--lang', 'de'], says: /^media-translate: Unknown option --lang\. A file whose name starts with a dash goes after --/ },
    { args: ['--no-cahce'], says: /^media-translate: Unknown option --no-cahce; did you mean --no-cache\?/ },
    { args: ['--api-key=sk-typed-on-the-line-0123'], says: /^media-translate: Unknown option --api-key\. / },
  ]) {
    it(`names the option meant when ${c.args[0]} is not one`, async () => {
      const r = await cli([short.file, '--to', 'en', ...c.args], { env: {} });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, c.says);
      assert.doesNotMatch(r.stderr, /positional argument/);
      assert.doesNotMatch(r.stderr, /sk-typed/, 'a value typed after = is not repeated');
    });
  }

  it('names the option meant in render and retranslate too', async () => {
    const render = await cli(['render', 'talk.de.json', '--formt', 'srt'], { env: {} });
    assert.equal(render.code, 2, render.stderr);
    assert.match(render.stderr, /^media-translate: Unknown option --formt; did you mean --formats\?/);
    const again = await cli(['retranslate', 'talk.de.json', '--peice', '3'], { env: {} });
    assert.equal(again.code, 2, again.stderr);
    assert.match(again.stderr, /^media-translate: Unknown option --peice; did you mean --piece\?/);
  });

  it('refuses --out-dir ""', async () => {
    const w = workspace(short);
    const r = await cli([w.file, '--to', 'en', '--out-dir', ''], { env: w.env, cwd: w.tmp });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--out-dir needs a folder/);
    assert.deepEqual(listTree(w.tmp), []);
    assert.deepEqual(listTree(w.folder), ['short.wav']);
  });
});
