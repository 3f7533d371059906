import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildRequest, wavDataUrl } from '../../../src/core/api/request';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { sentenceFor } from '../../fakes/fakeApiAnswer';
import { tonePcm } from '../../fakes/fakeApiSamples';

const apiKey = 'sk-test-fakeapi-0123456789';
const model = 'qwen3-livetranslate-flash';
const stretches = [
  { start: 0.5, end: 2.5 },
  { start: 4, end: 9 },
];
const audio = wavDataUrl(tonePcm(10, stretches), 16_000);
const body = (o: { target?: string; voice?: string; data?: string } = {}): Record<string, unknown> =>
  buildRequest({ kind: 'audio', data: o.data ?? audio, format: 'wav' }, { model, targetLanguage: o.target ?? 'en', voice: o.voice, sampling: {} });

interface Raw {
  status: number;
  headers: Headers;
  text: string;
  json?: unknown;
}

describe('the fake API', () => {
  let api: FakeApi;
  const post = async (payload: unknown, key = apiKey): Promise<Raw> => {
    const res = await fetch(`${api.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  const events = (text: string): string[] => {
    assert.ok(text.endsWith('\n\n'), 'every event ends with a blank line');
    return text.slice(0, -2).split('\n\n').map((e) => {
      assert.ok(e.startsWith('data: '), e.slice(0, 40));
      return e.slice('data: '.length);
    });
  };
  const errorOf = (r: Raw): { code: string; message: string; type: string; param: null } => {
    const j = r.json as { error: { code: string; message: string; type: string; param: null }; id: string; request_id: string };
    assert.deepEqual(Object.keys(j).sort(), ['error', 'id', 'request_id']);
    assert.deepEqual(Object.keys(j.error).sort(), ['code', 'message', 'param', 'type']);
    return j.error;
  };

  before(async () => {
    api = await startFakeApi({ apiKey });
  });
  beforeEach(() => {
    api.faults.length = 0;
    api.setOptions({ requestsPerMinute: 0, tokensPerMinute: 0, rateWindowMs: 60_000 });
  });
  after(() => api.close());

  it('streams the documented chunk shapes, one sentence per stretch, then [DONE]', async () => {
    const r = await post(body({ voice: 'Cherry' }));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/event-stream/);
    const data = events(r.text);
    assert.equal(data[data.length - 1], '[DONE]');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- The chunks are read as the JSON they are, field by field.
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Record<string, any>);
    const first = chunks[0];
    assert.equal(first.choices[0].delta.role, 'assistant');
    for (const c of chunks) {
      assert.equal(c.id, first.id);
      assert.equal(c.created, first.created);
      assert.equal(c.object, 'chat.completion.chunk');
      assert.equal(c.model, model);
      assert.deepEqual([c.service_tier, c.system_fingerprint], [null, null]);
    }
    for (const c of chunks.slice(1)) if (c.choices.length) assert.equal(c.choices[0].delta.role, null, 'role only in the first chunk');
    const audioChunks = chunks.filter((c) => c.choices[0]?.delta.audio);
    assert.ok(audioChunks.length > 5);
    for (const c of audioChunks) {
      assert.equal(c.choices[0].delta.content, null);
      assert.deepEqual(Object.keys(c.choices[0].delta.audio).sort(), ['data', 'expires_at', 'id']);
      assert.equal(Buffer.from(c.choices[0].delta.audio.data, 'base64').length % 2, 0, 'whole samples');
    }
    const sizes = new Set(audioChunks.map((c) => c.choices[0].delta.audio.data.length));
    assert.ok(sizes.size > 2, 'chunk sizes vary');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, `${sentenceFor(1, 2, 'en')} ${sentenceFor(2, 5, 'en')}`);
    assert.equal(chunks[chunks.length - 2].choices[0].finish_reason, 'stop');
    const usage = chunks[chunks.length - 1];
    assert.deepEqual(usage.choices, []);
    assert.deepEqual(Object.keys(usage.usage.completion_tokens_details).sort(), ['accepted_prediction_tokens', 'audio_tokens', 'reasoning_tokens', 'rejected_prediction_tokens', 'text_tokens']);
    assert.equal(usage.usage.prompt_tokens_details.audio_tokens, 125);
    assert.equal(usage.usage.completion_tokens_details.audio_tokens, 125);
    assert.equal(usage.usage.total_tokens, usage.usage.prompt_tokens + usage.usage.completion_tokens);
    assert.deepEqual(api.requests[api.requests.length - 1].stretches, stretches);
  });

  it('writes sentences whose length follows the stretch: about 14 characters a second, 5 for CJK', () => {
    for (const seconds of [2, 5, 12]) {
      const latin = sentenceFor(3, seconds, 'de');
      assert.match(latin, /^Stretch three says .*\.$/);
      assert.ok(Math.abs(latin.length - 14 * seconds) <= 8, `${seconds} s: ${latin}`);
      const cjk = sentenceFor(3, seconds, 'zh');
      assert.match(cjk, /^第3段.*。$/);
      assert.ok(Math.abs([...cjk].length - 5 * seconds) <= 3, `${seconds} s: ${cjk}`);
    }
  });

  it('answers CJK targets in CJK sentences', async () => {
    const r = await post(body({ target: 'ja' }));
    const text = events(r.text)
      .slice(0, -1)
      .map((d) => (JSON.parse(d) as { choices: { delta: { content: string | null } }[] }).choices[0]?.delta.content ?? '')
      .join('');
    assert.equal(text, `${sentenceFor(1, 2, 'ja')}${sentenceFor(2, 5, 'ja')}`);
  });

  it('rejects a wrong or missing key with 401 invalid_api_key', async () => {
    const r = await post(body(), 'sk-wrong');
    assert.equal(r.status, 401);
    assert.equal(errorOf(r).code, 'invalid_api_key');
    assert.equal(api.requests[api.requests.length - 1].authorized, false);
    assert.ok(!('authorization' in api.requests[api.requests.length - 1].headers));
  });

  it('validates like the real API', async () => {
    const cases: [unknown, number, string, RegExp?][] = [
      [{ ...body(), stream: false }, 400, 'invalid_parameter_error', /only support stream mode/],
      [{ ...body(), model: 'qwen-max' }, 404, 'model_not_found', /qwen-max/],
      [{ ...body(), messages: [...(body().messages as unknown[]), { role: 'user', content: [] }] }, 400, 'invalid_parameter_error'],
      [{ ...body(), messages: [{ role: 'system', content: [] }] }, 400, 'invalid_parameter_error'],
      [{ ...body(), translation_options: {} }, 400, 'invalid_parameter_error', /target_lang/],
      [{ ...body(), translation_options: { target_lang: 'English' } }, 400, 'invalid_parameter_error', /target_lang/],
      [{ ...body(), modalities: ['text', 'audio'] }, 400, 'invalid_parameter_error', /voice/],
      [{ ...body({ voice: 'Cherry' }), audio: { voice: 'Cherry', format: 'mp3' } }, 400, 'invalid_parameter_error', /wav/],
      [{ ...body(), max_tokens: 5000 }, 400, 'invalid_parameter_error', /max_tokens/],
      [{ ...body(), temperature: 2 }, 400, 'invalid_parameter_error', /temperature/],
      [body({ data: 'data:audio/wav;base64,' + 'A'.repeat(10_485_760) }), 400, 'invalid_parameter_error', /max bytes per data-uri item : 10485760/],
      [body({ data: 'data:audio/wav;base64,' + Buffer.from('not a wav file').toString('base64') }), 400, 'invalid_parameter_error', /audio format is illegal/],
      [body({ data: 'file:///tmp/a.wav' }), 400, 'invalid_parameter_error', /URL/],
      ['{"model":', 400, 'invalid_parameter_error'],
    ];
    for (const [payload, status, code, message] of cases) {
      const r = await post(payload);
      const label = typeof payload === 'string' ? payload : JSON.stringify(payload).slice(0, 160);
      assert.equal(r.status, status, label);
      const error = errorOf(r);
      assert.equal(error.code, code, label);
      if (message) assert.match(error.message, message, label);
    }
  });

  it('records the body with the data URL replaced by its size and duration', async () => {
    await post(body());
    const sent = api.requests[api.requests.length - 1];
    assert.equal(sent.audioSeconds, 10);
    assert.equal(sent.dataUrlBytes, audio.length);
    assert.match(JSON.stringify(sent.body), /<data URL: \d+ bytes, 10\.000 s>/);
    assert.equal(sent.outcome?.end, 'done');
    assert.equal(sent.outcome?.finishReason, 'stop');
  });

  it('pretends a public URL holds a fixed stretch of sound', async () => {
    api.setOptions({ urlSeconds: 4 });
    const r = await post(body({ data: 'https://example.com/talk.mp3' }));
    assert.equal(r.status, 200);
    assert.equal(api.requests[api.requests.length - 1].audioSeconds, 4);
  });

  it('enforces requests per minute with 429 and Retry-After', async () => {
    api.setOptions({ requestsPerMinute: 2 });
    assert.equal((await post(body())).status, 200);
    assert.equal((await post(body())).status, 200);
    const r = await post(body());
    assert.equal(r.status, 429);
    assert.equal(errorOf(r).code, 'limit_requests');
    const seconds = Number(r.headers.get('retry-after'));
    assert.ok(seconds >= 1 && seconds <= 60, String(seconds));
  });

  it('enforces tokens per minute over a window tests can shorten', async () => {
    api.setOptions({ tokensPerMinute: 200, rateWindowMs: 300 });
    assert.equal((await post(body())).status, 200);
    assert.equal((await post(body())).status, 429);
    await new Promise((r) => setTimeout(r, 350));
    assert.equal((await post(body())).status, 200);
  });

  it('takes one fault per request, in order', async () => {
    api.faults.push({ kind: '503' }, { kind: 'ok' }, { kind: '400', code: 'data_inspection_failed' });
    assert.equal((await post(body())).status, 503);
    assert.equal((await post(body())).status, 200);
    const blocked = await post(body());
    assert.equal(blocked.status, 400);
    assert.deepEqual([errorOf(blocked).code, errorOf(blocked).type], ['data_inspection_failed', 'data_inspection_failed']);
    assert.equal((await post(body())).status, 200);
    assert.deepEqual(api.requests.slice(-4).map((r) => r.fault?.kind), ['503', 'ok', '400', undefined]);
  });

  it('holds the requests of a 429 fault asked for together until enough of them wait, then answers each as the API does', async () => {
    const together = { kind: '429' as const, retryAfterSeconds: 1, together: 2 };
    api.faults.push(together, together);
    const first = api.requests.length;
    const a = post(body());
    while (api.requests.length === first) await new Promise((r) => setImmediate(r));
    // Any other fault is answered the moment its request is recorded; this one waits for company.
    assert.equal(api.requests[first].outcome, undefined, 'the first request is held');
    const answers = await Promise.all([a, post(body())]);
    for (const r of answers) {
      assert.equal(r.status, 429);
      assert.deepEqual([errorOf(r).code, errorOf(r).type, errorOf(r).message], ['limit_requests', 'limit_requests', 'Requests rate limit exceeded, please try again later.']);
      assert.equal(r.headers.get('retry-after'), '1');
    }
  });

  it('sends an error object inside a 200 stream, without [DONE]', async () => {
    api.faults.push({ kind: 'errorInStream', afterChunks: 1 });
    const r = await post(body());
    assert.equal(r.status, 200);
    const data = events(r.text);
    assert.equal(data.length, 2);
    assert.equal((JSON.parse(data[1]) as { error: { code: string } }).error.code, 'InternalError.Algo');
  });
});
