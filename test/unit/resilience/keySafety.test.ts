import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { TranslateError } from '../../../src/core/errors';
import type { TranslateEvent } from '../../../src/core/events';
import { buildJob } from '../../../src/core/job';
import { translate } from '../../../src/core/translate';
import { startFakeApi, type FakeApi, type Fault } from '../../fakes/fakeApi';
import { makeLongSpeech, makeSpeech, type GeneratedMedia } from '../../fakes/media';
import { cliEnv, runCli, type CliRun } from '../../fakes/runCli';

// Long and distinctive, so that finding any part of it in a file means a leak.
const key = 'sk-resilience-KEY-5f3a9c1e7b2d4860';
const wrongKey = 'sk-resilience-WRONG-0d1c2b3a49586776';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

/** Fails if `secret` (or its base64, or a bearer header) shows up in any of the texts or files. */
function assertNoSecret(secret: string, texts: Record<string, string>, folders: string[]): number {
  const needles = [secret, Buffer.from(secret).toString('base64'), secret.slice(3, 20)];
  for (const [where, text] of Object.entries(texts)) {
    for (const n of needles) assert.ok(!text.includes(n), `${where} holds the key: ${text}`);
    assert.doesNotMatch(text, /Bearer\s+(?!\*\*\*)\S/, `${where} holds a bearer token`);
  }
  let scanned = 0;
  for (const folder of folders) {
    for (const file of filesUnder(folder)) {
      const bytes = fs.readFileSync(file);
      for (const n of needles) assert.equal(bytes.indexOf(n), -1, `${file} holds the key`);
      scanned++;
    }
  }
  return scanned;
}

describe('key safety', () => {
  let api: FakeApi;
  let dir: string;
  let short: GeneratedMedia;
  let lecture: GeneratedMedia;

  /** A private folder with a copy of `media`, its own cache and TMPDIR, and the environment to use them. */
  const workspace = (media: GeneratedMedia, apiKey = key): { root: string; file: string; env: Record<string, string> } => {
    const root = fs.mkdtempSync(path.join(dir, 'ws-'));
    fs.mkdirSync(path.join(root, 'tmp'));
    const file = path.join(root, path.basename(media.file));
    fs.copyFileSync(media.file, file);
    return {
      root,
      file,
      env: cliEnv({ apiKey, baseUrl: api.baseUrl, cacheDir: path.join(root, 'cache'), tmpDir: path.join(root, 'tmp') }),
    };
  };

  const cliRun = async (media: GeneratedMedia, args: string[], o: { apiKey?: string; faults?: Fault[] } = {}): Promise<{ run: CliRun; root: string; sent: FakeApi['requests'] }> => {
    const w = workspace(media, o.apiKey);
    api.faults.push(...(o.faults ?? []));
    const first = api.requests.length;
    const run = await runCli([w.file, '--to', 'en', ...args], { env: w.env });
    return { run, root: w.root, sent: api.requests.slice(first) };
  };

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-key-'));
    short = await makeSpeech({
      dir,
      name: 'short',
      segments: [
        { text: 'Good morning everyone.', at: 0.4 },
        { text: 'Thank you all for coming.', at: 3 },
      ],
    });
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 1 });
  });
  beforeEach(() => {
    api.faults.length = 0;
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the key, but writes it to no output, cache, temporary file or stream', async () => {
    const { run, root, sent } = await cliRun(short, ['--audio', '--formats', 'srt,vtt,txt,wav']);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(sent.length >= 1 && sent.every((q) => q.authorized), 'the fake saw the right key on every request');
    const files = filesUnder(root).map((f) => path.relative(root, f));
    for (const ext of ['srt', 'vtt', 'txt', 'wav']) assert.ok(files.includes(`short.en.${ext}`), `short.en.${ext} was written`);
    assert.ok(files.some((f) => f.startsWith('cache') && f.endsWith('.json')), 'the cache was written');
    assert.ok(assertNoSecret(key, { stdout: run.stdout, stderr: run.stderr }, [root]) >= 7);
  });

  it('keeps a rejected key out of the message, whether the key is wrong or the server says 401', async () => {
    const wrong = await cliRun(short, [], { apiKey: wrongKey });
    assert.equal(wrong.run.code, 1);
    assert.equal(wrong.sent.length, 1);
    assert.equal(wrong.sent[0].authorized, false, 'the wrong key was sent as it is');
    assert.match(wrong.run.stderr, /the API rejected the key/);
    assertNoSecret(wrongKey, { stdout: wrong.run.stdout, stderr: wrong.run.stderr }, [wrong.root]);

    const scripted = await cliRun(short, [], { faults: [{ kind: '401' }] });
    assert.equal(scripted.run.code, 1);
    assert.equal(scripted.sent[0].authorized, true);
    assertNoSecret(key, { stdout: scripted.run.stdout, stderr: scripted.run.stderr }, [scripted.root]);
  });

  it('keeps the key out of a run that fails half-way, and out of a server message that echoes it', async () => {
    const midway = await cliRun(lecture, ['--retries', '0', '--concurrency', '1'], { faults: [{ kind: 'ok' }, { kind: 'ok' }, { kind: 'drop', afterChunks: 3 }] });
    assert.equal(midway.run.code, 1, midway.run.stderr);
    assert.equal(midway.sent.length, 3);
    assert.match(midway.run.stderr, /connection dropped/);
    assertNoSecret(key, { stdout: midway.run.stdout, stderr: midway.run.stderr }, [midway.root]);

    const echoed = await cliRun(short, [], { faults: [{ kind: '400', message: `Invalid header: Authorization: Bearer ${key} is malformed` }] });
    assert.equal(echoed.run.code, 1);
    assert.match(echoed.run.stderr, /the API rejected the request \(HTTP 400: Invalid header: Authorization: Bearer \*\*\* is malformed\)/);
    assertNoSecret(key, { stdout: echoed.run.stdout, stderr: echoed.run.stderr }, [echoed.root]);
  });

  it('keeps the key out of every engine error and event, down to causes and stacks', async () => {
    const faults: Fault[][] = [
      [{ kind: '401' }],
      [{ kind: '400', message: `Key ${key} was echoed` }],
      [{ kind: 'errorInStream', afterChunks: 2 }],
      [{ kind: 'malformed' }],
      [{ kind: 'drop', afterChunks: 2 }],
    ];
    for (const [i, f] of faults.entries()) {
      api.faults.push(...f);
      const job = buildJob({
        input: short.file,
        targetLanguage: 'en',
        formats: ['srt'],
        outDir: fs.mkdtempSync(path.join(dir, 'engine-')),
        apiKey: i === 0 ? wrongKey : key,
        baseUrl: api.baseUrl,
        policy: { concurrency: 1, maxRetries: 0, stallSeconds: 5 },
      });
      const events: TranslateEvent[] = [];
      let error: unknown;
      try {
        for await (const ev of translate(job)) events.push(ev);
      } catch (e) {
        error = e;
      }
      assert.ok(TranslateError.is(error), `${JSON.stringify(f)}: ${String(error)}`);
      const everything = [
        inspect(error, { depth: Infinity, showHidden: true }),
        JSON.stringify(error),
        String(error.detail),
        JSON.stringify(events, (k, v: unknown) => (k === 'pcm' ? undefined : v)),
      ].join('\n');
      assertNoSecret(job.api.apiKey, { [JSON.stringify(f)]: everything }, []);
    }
  });
});
