import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WaveFile } from 'wavefile';
import { resolveBaseUrl } from '../../../src/core/api/baseUrl';
import { createClient } from '../../../src/core/api/client';
import { audioRequestBytes, buildRequest, wavDataUrl } from '../../../src/core/api/request';
import { TranslateError } from '../../../src/core/errors';
import { BufferPool } from '../../../src/core/run/bufferPool';
import { regionBaseUrls } from '../../../src/core/job';

const model = 'qwen3-livetranslate-flash';

describe('buildRequest', () => {
  it('builds the reference body for audio with speech', () => {
    const body = buildRequest(
      { kind: 'audio', data: 'https://example.com/cherry.wav', format: 'wav' },
      { model, targetLanguage: 'en', sourceLanguage: 'zh', voice: 'Cherry', sampling: {} },
    );
    assert.deepEqual(body, {
      model,
      messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'https://example.com/cherry.wav', format: 'wav' } }] }],
      modalities: ['text', 'audio'],
      audio: { voice: 'Cherry', format: 'wav' },
      stream: true,
      stream_options: { include_usage: true },
      translation_options: { source_lang: 'zh', target_lang: 'en' },
    });
  });

  it('leaves out source_lang, audio and every unset sampling parameter', () => {
    const body = buildRequest({ kind: 'video', url: 'https://example.com/1.mp4' }, { model, targetLanguage: 'ja', sampling: {} });
    assert.deepEqual(body, {
      model,
      messages: [{ role: 'user', content: [{ type: 'video_url', video_url: { url: 'https://example.com/1.mp4' } }] }],
      modalities: ['text'],
      stream: true,
      stream_options: { include_usage: true },
      translation_options: { target_lang: 'ja' },
    });
    assert.ok(!('source_lang' in (body.translation_options as object)));
  });

  it('sends sampling parameters under the API names, at the top level, only when set', () => {
    const body = buildRequest(
      { kind: 'audio', data: 'data:audio/wav;base64,AAAA', format: 'wav' },
      {
        model,
        targetLanguage: 'en',
        sampling: { seed: 7, temperature: 0, topP: 0.8, topK: 1, presencePenalty: -0.5, repetitionPenalty: 1.05, maxTokens: 2048 },
      },
    );
    assert.equal(body.seed, 7);
    assert.equal(body.temperature, 0, 'zero is a value, not "unset"');
    assert.equal(body.top_p, 0.8);
    assert.equal(body.top_k, 1);
    assert.equal(body.presence_penalty, -0.5);
    assert.equal(body.repetition_penalty, 1.05);
    assert.equal(body.max_tokens, 2048);
    for (const camel of ['topP', 'topK', 'presencePenalty', 'repetitionPenalty', 'maxTokens', 'sampling']) assert.ok(!(camel in body), camel);
    const some = buildRequest({ kind: 'audio', data: 'x', format: 'mp3' }, { model, targetLanguage: 'en', sampling: { topK: 5 } });
    assert.deepEqual(Object.keys(some).sort(), ['messages', 'modalities', 'model', 'stream', 'stream_options', 'top_k', 'translation_options']);
  });

  it('passes language codes through as given, never names', () => {
    const body = buildRequest({ kind: 'audio', data: 'x', format: 'wav' }, { model, targetLanguage: 'yue', sourceLanguage: 'en', sampling: {} });
    assert.deepEqual(body.translation_options, { source_lang: 'en', target_lang: 'yue' });
  });
});

describe('wavDataUrl', () => {
  it('wraps s16le mono PCM in a WAV data URL that decodes back to the same samples', () => {
    const samples = [0, 1, -1, 32767, -32768, 1234, -4321];
    const pcm = Buffer.alloc(samples.length * 2 + 1);
    samples.forEach((s, i) => pcm.writeInt16LE(s, i * 2));
    const url = wavDataUrl(pcm, 16000);
    assert.match(url, /^data:audio\/wav;base64,[A-Za-z0-9+/]+=*$/);
    const wav = new WaveFile(Buffer.from(url.slice('data:audio/wav;base64,'.length), 'base64'));
    const fmt = wav.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number };
    assert.deepEqual([fmt.sampleRate, fmt.numChannels, fmt.bitsPerSample], [16000, 1, 16]);
    assert.deepEqual(Array.from(wav.getSamples(false, Int16Array) as unknown as Int16Array), samples, 'the odd trailing byte is dropped');
  });

  it('decodes back to the same samples whatever their count, short and empty included', () => {
    // Lengths around each remainder of 3, since the header and the samples are encoded apart.
    for (const count of [0, 1, 2, 3, 4, 5, 1000, 1001, 1002]) {
      const samples = Array.from({ length: count }, (_, i) => ((i * 7919) % 65536) - 32768);
      const pcm = Buffer.alloc(count * 2);
      samples.forEach((v, i) => pcm.writeInt16LE(v, i * 2));
      const bytes = Buffer.from(wavDataUrl(pcm, 16000).slice('data:audio/wav;base64,'.length), 'base64');
      assert.equal(bytes.length, 44 + pcm.length, `${count} samples`);
      assert.deepEqual(bytes.subarray(44), pcm, `${count} samples`);
      const wav = new WaveFile(bytes);
      assert.equal((wav.data as { chunkSize: number }).chunkSize, pcm.length);
    }
  });
});

describe('audioRequestBytes', () => {
  it('is the JSON of the body buildRequest makes with wavDataUrl, byte for byte', () => {
    // Seven seconds and a byte: the samples' base64 goes in several slices, the last one partial.
    const pcm = Buffer.alloc(16000 * 2 * 7 + 1);
    for (let i = 0; i + 1 < pcm.length; i += 2) pcm.writeInt16LE(Math.round(8000 * Math.sin(i / 40)), i);
    const options = [
      { model, targetLanguage: 'fr', sampling: {} },
      { model, targetLanguage: 'zh', sourceLanguage: 'en', voice: 'Cherry', sampling: { temperature: 0.2, topK: 5 } },
    ];
    for (const o of options) {
      const expected = JSON.stringify(buildRequest({ kind: 'audio', data: wavDataUrl(pcm, 16000), format: 'wav' }, o));
      assert.equal(audioRequestBytes(pcm, 16000, o).toString('utf8'), expected);
    }
  });

  it('writes the same bytes into a reused buffer that still holds an earlier, longer body', () => {
    const pool = new BufferPool();
    const alloc = (bytes: number): Buffer => pool.take(bytes);
    const o = { model, targetLanguage: 'fr', sampling: {} };
    const long = Buffer.alloc(16000 * 2 * 9, 0x55);
    const first = audioRequestBytes(long, 16000, o, alloc);
    pool.give(first);
    // Every header alignment: the WAV header's 44 bytes plus 0, 1 and 2 bytes of samples before the slices.
    for (const bytes of [16000 * 2 * 3, 16000 * 2 * 3 + 2, 16000 * 2 * 3 + 4]) {
      const pcm = Buffer.alloc(bytes);
      for (let i = 0; i + 1 < pcm.length; i += 2) pcm.writeInt16LE(Math.round(9000 * Math.sin(i / 13)), i);
      const body = audioRequestBytes(pcm, 16000, o, alloc);
      assert.equal(body.buffer, first.buffer, 'the earlier body\'s memory is reused');
      assert.equal(body.toString('utf8'), JSON.stringify(buildRequest({ kind: 'audio', data: wavDataUrl(pcm, 16000), format: 'wav' }, o)));
      pool.give(body);
    }
  });
});

describe('resolveBaseUrl and createClient', () => {
  it('prefers an explicit URL, trimmed of trailing slashes, then the region, then Singapore', () => {
    assert.equal(resolveBaseUrl({ baseUrl: 'http://127.0.0.1:9/compatible-mode/v1//', region: 'beijing' }), 'http://127.0.0.1:9/compatible-mode/v1');
    assert.equal(resolveBaseUrl({ region: 'beijing' }), regionBaseUrls.beijing);
    assert.equal(resolveBaseUrl({ baseUrl: '  ' }), regionBaseUrls.singapore);
    assert.equal(resolveBaseUrl({}), 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1');
  });

  it('rejects a URL that is not http(s) with badOption', () => {
    for (const baseUrl of ['ftp://example.com/v1', 'dashscope.aliyuncs.com', 'not a url']) {
      assert.throws(() => resolveBaseUrl({ baseUrl }), (e: unknown) => TranslateError.is(e, 'badOption'), baseUrl);
    }
  });

  it('turns the SDK retries off and keeps OPENAI_* settings out', () => {
    const saved = process.env.OPENAI_ORG_ID;
    process.env.OPENAI_ORG_ID = 'org-should-not-be-sent';
    try {
      const client = createClient({ apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:9/v1' });
      assert.equal(client.maxRetries, 0);
      assert.equal(client.baseURL, 'http://127.0.0.1:9/v1');
      assert.equal(client.organization, null);
      assert.ok(client.timeout >= 60_000);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_ORG_ID;
      else process.env.OPENAI_ORG_ID = saved;
    }
  });
});
