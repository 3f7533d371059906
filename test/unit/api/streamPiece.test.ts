import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { StreamPart } from '../../../src/core/api/chunks';
import { createClient } from '../../../src/core/api/client';
import { buildRequest, wavDataUrl } from '../../../src/core/api/request';
import { streamPiece } from '../../../src/core/api/streamPiece';
import { TranslateError, type ErrorReason } from '../../../src/core/errors';
import { startFakeApi, type FakeApi, type Fault } from '../../fakes/fakeApi';
import { tonePcm } from '../../fakes/fakeApiSamples';

const apiKey = 'sk-test-streampiece-0123456789';
const range = { start: 80, end: 86 };
const model = 'qwen3-livetranslate-flash';
// Six seconds with sound at 0.5–2.5 s and 3.5–5.5 s: the fake answers two sentences.
const audio = wavDataUrl(tonePcm(6, [{ start: 0.5, end: 2.5 }, { start: 3.5, end: 5.5 }]), 16_000);
const textBody = buildRequest({ kind: 'audio', data: audio, format: 'wav' }, { model, targetLanguage: 'en', sourceLanguage: 'zh', sampling: {} });
const speechBody = buildRequest({ kind: 'audio', data: audio, format: 'wav' }, { model, targetLanguage: 'en', voice: 'Cherry', sampling: {} });

interface Collected {
  text: string;
  pcm: Buffer;
  finish?: string;
  usage?: Extract<StreamPart, { type: 'usage' }>['usage'];
  parts: StreamPart[];
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<Collected> {
  const out: Collected = { text: '', pcm: Buffer.alloc(0), parts: [] };
  for await (const p of parts) {
    out.parts.push(p);
    if (p.type === 'text') out.text += p.text;
    else if (p.type === 'audio') out.pcm = Buffer.concat([out.pcm, p.pcm]);
    else if (p.type === 'finish') out.finish = p.reason;
    else out.usage = p.usage;
  }
  return out;
}

/** The error a run ends with, and how long it took. */
async function failure(run: Promise<unknown>): Promise<{ error: TranslateError; ms: number }> {
  const started = Date.now();
  try {
    await run;
  } catch (e) {
    assert.ok(TranslateError.is(e), `a TranslateError, not ${inspect(e)}`);
    return { error: e, ms: Date.now() - started };
  }
  assert.fail('expected the stream to fail');
}

describe('streamPiece against the fake API', () => {
  let api: FakeApi;
  const client = (): ReturnType<typeof createClient> => createClient({ apiKey, baseUrl: api.baseUrl });
  const stream = (body = textBody, o: { signal?: AbortSignal; stallMs?: number } = {}): AsyncIterable<StreamPart> =>
    streamPiece(client(), body, { stallMs: o.stallMs ?? 5000, signal: o.signal, apiKey, range });

  before(async () => {
    api = await startFakeApi({ apiKey });
  });
  beforeEach(() => {
    api.faults.length = 0;
    api.setOptions({ ttftMs: 0, chunkDelayMs: 0, maxOutputTokens: 4096 });
  });
  after(() => api.close());

  it('streams the text of each stretch, then stop and usage', async () => {
    const r = await collect(stream());
    // Two stretches of 2 s each: two sentences of about 28 characters.
    const sentences = r.text.split(/(?<=\.) /);
    assert.equal(sentences.length, 2, r.text);
    assert.match(sentences[0], /^Stretch one says [a-z ]+\.$/);
    assert.match(sentences[1], /^Stretch two says [a-z ]+\.$/);
    for (const s of sentences) assert.ok(Math.abs(s.length - 28) <= 6, s);
    assert.ok(r.parts.filter((p) => p.type === 'text').length >= 4, 'text arrives in several deltas');
    assert.equal(r.finish, 'stop');
    assert.deepEqual(r.parts.slice(-2).map((p) => p.type), ['finish', 'usage']);
    assert.equal(r.pcm.length, 0);
    assert.equal(r.usage?.inputAudioTokens, 75);
    assert.equal(r.usage?.outputAudioTokens, 0);
    assert.ok((r.usage?.outputTextTokens ?? 0) > 0);
    const sent = api.requests[api.requests.length - 1];
    assert.equal(sent.authorized, true);
    assert.equal(sent.audioSeconds, 6);
    assert.deepEqual(sent.body, { ...textBody, messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: `<data URL: ${audio.length} bytes, 6.000 s>`, format: 'wav' } }] }] });
  });

  it('streams speech as whole 24 kHz samples as long as the input', async () => {
    const r = await collect(stream(speechBody));
    assert.equal(r.finish, 'stop');
    assert.equal(r.pcm.length, 6 * 24_000 * 2);
    assert.ok(r.parts.filter((p) => p.type === 'audio').length > 10, 'speech arrives in many chunks');
    for (const p of r.parts) if (p.type === 'audio') assert.equal(p.pcm.length % 2, 0);
    assert.equal(r.usage?.outputAudioTokens, 75);
    assert.match(r.text, /^Stretch one .*\. Stretch two .*\.$/);
  });

  const faults: [Fault, ErrorReason][] = [
    [{ kind: '500' }, 'server'],
    [{ kind: '503' }, 'server'],
    [{ kind: '400', code: 'data_inspection_failed' }, 'contentBlocked'],
    [{ kind: '400', code: 'Arrearage' }, 'arrears'],
    [{ kind: '400', message: 'Range of input length should be [1, 49152]' }, 'badRequest'],
    [{ kind: 'drop', afterChunks: 3 }, 'streamError'],
    [{ kind: 'drop', afterChunks: 0 }, 'streamError'],
    [{ kind: 'malformed' }, 'streamError'],
    [{ kind: 'errorInStream', afterChunks: 2 }, 'streamError'],
  ];
  for (const [fault, reason] of faults) {
    it(`fails with ${reason} on a ${JSON.stringify(fault)} fault`, async () => {
      api.faults.push(fault);
      const { error } = await failure(collect(stream(speechBody)));
      assert.equal(error.reason, reason, error.message);
      assert.ok(error.message.startsWith('Piece 01:20–01:26: '), error.message);
      assert.deepEqual(error.range, range);
    });
  }

  it('carries Retry-After on a 429', async () => {
    api.faults.push({ kind: '429', retryAfterSeconds: 2 });
    const { error } = await failure(collect(stream()));
    assert.equal(error.reason, 'rateLimited');
    assert.equal(error.retryAfterMs, 2000);
    assert.equal(error.status, 429);
  });

  it('yields a length finish as a part, with the partial answer', async () => {
    api.faults.push({ kind: 'length' });
    const r = await collect(stream(speechBody));
    assert.equal(r.finish, 'length');
    assert.match(r.text, /^Stretch one says [a-z ]+\.$/, 'the first stretch only');
    assert.ok(r.pcm.length > 0 && r.pcm.length < 6 * 24_000 * 2);
    // Every byte of speech the cut-off answer carried arrived, none more.
    assert.equal(r.pcm.length, api.requests[api.requests.length - 1].outcome?.audioBytes);
  });

  it('stops early with length when the answer exceeds the output limit', async () => {
    api.setOptions({ maxOutputTokens: 60 });
    const r = await collect(stream(speechBody));
    assert.equal(r.finish, 'length');
    assert.ok((r.usage?.completionTokens ?? Infinity) <= 60, `${r.usage?.completionTokens} tokens`);
  });

  it('rejects a wrong key as unauthorized without the key anywhere in the error', async () => {
    const wrong = 'sk-wrong-key-abcdefghijklmnop';
    const { error } = await failure(collect(streamPiece(createClient({ apiKey: wrong, baseUrl: api.baseUrl }), textBody, { stallMs: 5000, apiKey: wrong, range })));
    assert.equal(error.reason, 'unauthorized');
    assert.match(error.message, /rejected the key.*region/);
    for (const text of [error.message, error.detail ?? '', error.stack ?? '', inspect(error, { depth: 6 })]) assert.ok(!text.includes(wrong), text);
    assert.equal(api.requests[api.requests.length - 1].authorized, false);
    assert.ok(!JSON.stringify(api.requests[api.requests.length - 1].headers).includes(wrong), 'the fake does not record the key');
  });

  it('maps a scripted 401 to unauthorized', async () => {
    api.faults.push({ kind: '401' });
    assert.equal((await failure(collect(stream()))).error.reason, 'unauthorized');
  });

  it('stops a stream that goes quiet mid-answer with stalled', async () => {
    api.faults.push({ kind: 'stall', afterChunks: 3, ms: 5000 });
    const { error, ms } = await failure(collect(stream(textBody, { stallMs: 300 })));
    assert.equal(error.reason, 'stalled');
    assert.ok(ms >= 250 && ms < 3000, `${ms} ms`);
  });

  it('stops a request whose first chunk never comes with stalled', async () => {
    api.setOptions({ ttftMs: 5000 });
    const { error, ms } = await failure(collect(stream(textBody, { stallMs: 300 })));
    assert.equal(error.reason, 'stalled');
    assert.ok(ms < 3000, `${ms} ms`);
  });

  it('does not count the caller’s own time against the stall timer', async () => {
    api.setOptions({ chunkDelayMs: 20 });
    let slow = 0;
    for await (const part of stream(textBody, { stallMs: 200 })) {
      if (part.type === 'text' && slow++ < 2) await new Promise((r) => setTimeout(r, 400));
    }
  });

  it('still stops a stream that goes quiet after the caller took longer than the stall timeout over a part', async () => {
    api.faults.push({ kind: 'stall', afterChunks: 3, ms: 5000 });
    const started = Date.now();
    let paused = false;
    const { error, ms } = await failure(
      (async () => {
        for await (const part of stream(textBody, { stallMs: 200 })) {
          if (part.type === 'text' && !paused) {
            paused = true;
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      })(),
    );
    assert.ok(paused, 'the caller held a part');
    assert.equal(error.reason, 'stalled');
    assert.ok(Date.now() - started < 2500 && ms >= 600, `stopped ${ms} ms after the start, not at the end of the server's 5 s silence`);
  });

  it('ends with cancelled soon after the caller aborts', async () => {
    api.setOptions({ chunkDelayMs: 100 });
    const controller = new AbortController();
    const parts = stream(speechBody, { signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    const { error, ms } = await failure(collect(parts));
    assert.equal(error.reason, 'cancelled');
    assert.ok(ms < 1500, `${ms} ms`);
  });

  it('ends with cancelled at once when the signal has already fired', async () => {
    const before = api.requests.length;
    const { error } = await failure(collect(stream(textBody, { signal: AbortSignal.abort() })));
    assert.equal(error.reason, 'cancelled');
    assert.equal(api.requests.length, before, 'no request was sent');
  });

  it('closes the request when the caller stops reading early', async () => {
    api.setOptions({ chunkDelayMs: 50 });
    for await (const part of stream(speechBody)) if (part.type === 'text') break;
    const sent = api.requests[api.requests.length - 1];
    for (let i = 0; i < 50 && !sent.outcome; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(sent.outcome?.end, 'clientClosed');
  });
});
