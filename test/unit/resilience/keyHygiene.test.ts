import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { streamErrorFromBody } from '../../../src/core/api/apiErrors';
import { resolveBaseUrl } from '../../../src/core/api/baseUrl';
import { TranslateError } from '../../../src/core/errors';
import { describeFailure } from '../../../src/vscode/messages';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech, type GeneratedMedia } from '../../fakes/media';
import { cliEnv, runCli } from '../../fakes/runCli';

const key = 'sk-test-key-hygiene-0123456789';

describe('key hygiene', () => {
  let api: FakeApi;
  let dir: string;
  let short: GeneratedMedia;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-hygiene-'));
    short = await makeSpeech({ dir, name: 'short', segments: [{ text: 'Good morning everyone.', at: 0.4 }] });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('removes a key with a tab from a server message before squeezing its whitespace', () => {
    const tabbed = 'sk-abcd\tEFGH5678ijkl';
    const e = streamErrorFromBody({ code: 'InvalidApiKey', message: `The key ${tabbed} is not valid.` }, { apiKey: tabbed });
    for (const text of [e.message, e.detail ?? '']) {
      assert.doesNotMatch(text, /EFGH5678/, text);
      assert.doesNotMatch(text, /abcd/, text);
    }
  });

  it('never echoes the user and password of a base URL', () => {
    for (const baseUrl of ['ftp://me:hunter2@example.com/v1', 'example.com:hunter2@x', 'ws://me:hunter2@example.com', 'ftp://me:hun/ter#hunter2@example.com']) {
      assert.throws(
        () => resolveBaseUrl({ baseUrl }),
        (e: unknown) => {
          assert.ok(TranslateError.is(e, 'badOption'));
          assert.doesNotMatch(e.message, /hunter2/, e.message);
          return true;
        },
      );
    }
  });

  for (const bad of [
    { name: 'a line break', apiKey: 'sk-test-key\nhygiene-0123456789', says: /line break/ },
    { name: 'non-ASCII characters', apiKey: 'sk-test-kéy-hygiene-0123456789', says: /characters that are not plain ASCII/ },
  ]) {
    it(`names a key with ${bad.name} as malformed before any request`, async () => {
      const first = api.requests.length;
      const job = engineJob(short.file, { apiKey: bad.apiKey, baseUrl: api.baseUrl, dir });
      await assert.rejects(collectEvents(job), (e: unknown) => {
        assert.ok(TranslateError.is(e, 'badApiKey'), String(e));
        assert.match(e.message, bad.says);
        assert.doesNotMatch(e.message, /hygiene/);
        const shown = describeFailure(e, { name: 'short.wav', region: 'singapore', cached: true });
        assert.ok(shown.actions.includes('setApiKey'));
        return true;
      });
      assert.equal(api.requests.length, first, 'no request was sent');
    });
  }

  it('the CLI says a key with a line break is malformed, once, without retrying', async () => {
    const first = api.requests.length;
    const env = cliEnv({ apiKey: 'sk-test-key\nhygiene-0123456789', baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    const r = await runCli([short.file, '--to', 'en', '--out-dir', fs.mkdtempSync(path.join(dir, 'out-'))], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /The API key .*line break/);
    assert.doesNotMatch(r.stderr, /hygiene|Retrying/);
    assert.equal(api.requests.length, first);
  });

  it('keeps the query string of a base URL after the path', async () => {
    const first = api.requests.length;
    const job = engineJob(short.file, { apiKey: key, baseUrl: `${api.baseUrl}?workspace=ws-1`, dir });
    const events = await collectEvents(job);
    assert.ok(events.some((ev) => ev.type === 'done'));
    const sent = api.requests.slice(first);
    assert.ok(sent.length >= 1);
    for (const q of sent) assert.equal(q.path, '/compatible-mode/v1/chat/completions?workspace=ws-1');
  });
});
