import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFetch } from '../../../src/core/api/nodeFetch';
import { ProxyFailure } from '../../../src/core/api/proxy';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { startFakeProxy } from '../../fakes/fakeProxy';
import { cliEnv, runCli } from '../../fakes/runCli';

const key = 'sk-test-proxy-0123456789abcdef';
/** The sample that ships with the project: a few seconds of speech, WAV, so no ffmpeg is needed. */
const sample = path.resolve(__dirname, '../../../../media/sample.wav');

/**
 * A company network: the CLI's requests go through the forward proxy that HTTP_PROXY or HTTPS_PROXY
 * names, NO_PROXY skips it, and a proxy that refuses is named in one sentence without its password.
 */
describe('proxies', () => {
  let api: FakeApi;
  let dir: string;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-proxy-'));
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI on a fresh copy of the sample with `extra` in its environment. */
  const translate = async (name: string, extra: Record<string, string>) => {
    const file = path.join(dir, `${name}.wav`);
    fs.copyFileSync(sample, file);
    const env = { ...cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, `cache-${name}`) }), ...extra };
    const result = await runCli([file, '--to', 'de'], { env });
    return { ...result, srt: path.join(dir, `${name}.de.srt`) };
  };

  it('carries the requests through the proxy named in HTTP_PROXY', async () => {
    const proxy = await startFakeProxy();
    try {
      const before = api.requests.length;
      const result = await translate('through', { HTTP_PROXY: proxy.url });
      assert.equal(result.code, 0, result.stderr);
      assert.ok(fs.existsSync(result.srt), 'the subtitles are written');
      const sent = api.requests.length - before;
      assert.ok(sent > 0, 'the API was asked');
      const viaProxy = proxy.seen.filter((s) => s.startsWith(`POST ${api.baseUrl}/chat/completions`));
      assert.equal(viaProxy.length, sent, `every request went through the proxy: ${proxy.seen.join(', ')}`);
    } finally {
      await proxy.close();
    }
  });

  it('goes straight to the API when NO_PROXY names its host', async () => {
    const proxy = await startFakeProxy();
    try {
      const result = await translate('direct', { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' });
      assert.equal(result.code, 0, result.stderr);
      assert.ok(fs.existsSync(result.srt));
      assert.deepEqual(proxy.seen, []);
    } finally {
      await proxy.close();
    }
  });

  it('names a proxy that asks for credentials in one sentence, without its password', async () => {
    const proxy = await startFakeProxy({ credentials: 'alice:right-password' });
    try {
      const withWrong = proxy.url.replace('http://', 'http://alice:wrong-password@');
      const result = await translate('auth', { HTTP_PROXY: withWrong });
      assert.equal(result.code, 1, result.stderr);
      const lines = result.stderr.trim().split('\n').filter((l) => /proxy/i.test(l));
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], /The proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ asks for a user name and password \(HTTP 407\)/);
      assert.doesNotMatch(result.stderr + result.stdout, /wrong-password/);
      assert.ok(!fs.existsSync(result.srt));

      const right = await translate('auth-ok', { HTTP_PROXY: proxy.url.replace('http://', 'http://alice:right-password@') });
      assert.equal(right.code, 0, right.stderr);
    } finally {
      await proxy.close();
    }
  });

  it('names a proxy that cannot be reached', async () => {
    const proxy = await startFakeProxy();
    const gone = proxy.url;
    await proxy.close();
    const result = await translate('unreachable', { HTTP_PROXY: gone });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`The proxy ${gone.replace(/[.]/g, '\\.')} could not be reached \\(ECONNREFUSED\\)`));
  });

  it('opens an https tunnel with CONNECT, and names a proxy that refuses it', async () => {
    const proxy = await startFakeProxy({ refuseWith: 403 });
    try {
      await assert.rejects(
        nodeFetch('https://api.example.invalid/compatible-mode/v1/chat/completions', { method: 'POST', body: '{}' }, { url: proxy.url }),
        (e: unknown) => e instanceof ProxyFailure && /^The proxy http:\/\/127\.0\.0\.1:\d+ refused to connect to the API \(HTTP 403\)/.test(e.message),
      );
      assert.deepEqual(proxy.seen, ['CONNECT api.example.invalid:443']);
    } finally {
      await proxy.close();
    }
  });

  it('skips the proxy of the settings for hosts in its no-proxy list', async () => {
    const proxy = await startFakeProxy();
    try {
      const direct = await nodeFetch(`${api.baseUrl}/models`, {}, { url: proxy.url, noProxy: ['127.0.0.1'] });
      await direct.arrayBuffer();
      assert.deepEqual(proxy.seen, []);
      const through = await nodeFetch(`${api.baseUrl}/models`, {}, { url: proxy.url, noProxy: ['.example.com'] });
      await through.arrayBuffer();
      assert.deepEqual(proxy.seen, [`GET ${api.baseUrl}/models`]);
    } finally {
      await proxy.close();
    }
  });
});
