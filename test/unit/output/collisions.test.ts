import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TranslateError } from '../../../src/core/errors';
import { translate } from '../../../src/core/translate';
import { engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech, type GeneratedMedia } from '../../fakes/media';
import { cliEnv, runCli } from '../../fakes/runCli';

const key = 'sk-test-collisions-0123456789';

describe('outputs that two inputs, or two programs, would share', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;
  let speech: GeneratedMedia;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-collide-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    speech = await makeSpeech({ dir, name: 'speech', segments: [{ text: 'Good morning, and welcome to the meeting.', at: 0.4 }] });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh folder with `talk.wav` in each of the named subfolders. */
  const sources = (...subfolders: string[]): { root: string; files: string[] } => {
    const root = fs.mkdtempSync(path.join(dir, 'case-'));
    const files = subfolders.map((sub) => {
      fs.mkdirSync(path.join(root, sub), { recursive: true });
      const file = path.join(root, sub, 'talk.wav');
      fs.copyFileSync(speech.file, file);
      return file;
    });
    return { root, files };
  };

  it('refuses two sources with the same name and one --out-dir before sending anything, even with --force', async () => {
    const { root, files } = sources('monday', 'tuesday');
    const out = path.join(root, 'out');
    fs.mkdirSync(out);
    const before = api.requests.length;
    const r = await runCli([...files, '--to', 'en', '--out-dir', out, '--force'], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.match(/would both write/g)?.length, 1, r.stderr);
    assert.match(r.stderr, /monday\/talk\.wav and .*tuesday\/talk\.wav would both write .*talk\.en\.srt/);
    assert.equal(api.requests.length, before, 'no request was sent');
    assert.ok(!r.stderr.includes(key), 'the key is in no message');
    assert.deepEqual(fs.readdirSync(out), []);
  });

  it('numbers the second source\'s outputs with --keep-both instead of refusing', async () => {
    const { root, files } = sources('monday', 'tuesday');
    const out = path.join(root, 'out');
    fs.mkdirSync(out);
    const r = await runCli([...files, '--to', 'en', '--out-dir', out, '--keep-both', '--no-cache'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fs.readdirSync(out).sort(), ['talk.en (2).srt', 'talk.en (2).txt', 'talk.en.srt', 'talk.en.txt']);
  });

  it('translates a file named twice once, and says so once', async () => {
    const { root, files } = sources('only');
    const before = api.requests.length;
    const r = await runCli([files[0], files[0], '--to', 'en', '--no-cache'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.match(/named more than once/g)?.length, 1, r.stderr);
    assert.equal(api.requests.length - before, 1, 'one request, for one run');
    assert.deepEqual(fs.readdirSync(path.join(root, 'only')).sort(), ['talk.en.srt', 'talk.en.txt', 'talk.wav']);
  });

  it('does not replace an output that another program wrote during the run', async () => {
    const job = { ...engineJob(speech.file, { apiKey: key, baseUrl: api.baseUrl, dir }) };
    const srt = path.join(job.outDir as string, 'speech.en.srt');
    let error: unknown;
    try {
      for await (const ev of translate(job)) {
        if (ev.type === 'started') fs.writeFileSync(srt, 'Written by someone else.\n');
      }
    } catch (e) {
      error = e;
    }
    assert.ok(TranslateError.is(error, 'outputExists'), String(error));
    assert.match((error as Error).message, /speech\.en\.srt appeared during the run \(another program wrote it\), so it was not replaced;/);
    assert.equal(fs.readFileSync(srt, 'utf8'), 'Written by someone else.\n');
    assert.deepEqual(fs.readdirSync(job.outDir as string), ['speech.en.srt'], 'no other output and no temporary file');
  });
});
