import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChunkParser, type StreamPart } from '../../../src/core/api/chunks';
import { joinPcm, PcmDecoder } from '../../../src/core/api/pcmDecoder';
import { TranslateError } from '../../../src/core/errors';

// The three sample chunks of the API reference, verbatim (the audio data shortened to valid base64).
const textChunk = {
  id: 'chatcmpl-c22a54b8-40cc-4a1d-988b-f84cdf86868f',
  choices: [{ delta: { content: ' of', function_call: null, refusal: null, role: null, tool_calls: null }, finish_reason: null, index: 0, logprobs: null }],
  created: 1764755440,
  model: 'qwen3-livetranslate-flash',
  object: 'chat.completion.chunk',
  service_tier: null,
  system_fingerprint: null,
  usage: null,
};
const audioChunk = {
  id: 'chatcmpl-c22a54b8-40cc-4a1d-988b-f84cdf86868f',
  choices: [
    {
      delta: {
        content: null,
        function_call: null,
        refusal: null,
        role: null,
        tool_calls: null,
        audio: { data: '///+//7////+////////////AAAAAAAAAAABAA==', expires_at: 1764755440, id: 'audio_c22a54b8-40cc-4a1d-988b-f84cdf86868f' },
      },
      finish_reason: null,
      index: 0,
      logprobs: null,
    },
  ],
  created: 1764755440,
  model: 'qwen3-livetranslate-flash',
  object: 'chat.completion.chunk',
  service_tier: null,
  system_fingerprint: null,
  usage: null,
};
const usageChunk = {
  id: 'chatcmpl-c22a54b8-40cc-4a1d-988b-f84cdf86868f',
  choices: [],
  created: 1764755440,
  model: 'qwen3-livetranslate-flash',
  object: 'chat.completion.chunk',
  service_tier: null,
  system_fingerprint: null,
  usage: {
    completion_tokens: 242,
    prompt_tokens: 415,
    total_tokens: 657,
    completion_tokens_details: { accepted_prediction_tokens: null, audio_tokens: 191, reasoning_tokens: null, rejected_prediction_tokens: null, text_tokens: 51 },
    prompt_tokens_details: { audio_tokens: 415, cached_tokens: null, text_tokens: 0 },
  },
};

function pcmOf(parts: StreamPart[]): Buffer {
  return Buffer.concat(parts.flatMap((p) => (p.type === 'audio' ? [p.pcm] : [])));
}

describe('ChunkParser', () => {
  it('reads the reference text, audio and usage chunks', () => {
    const parser = new ChunkParser();
    assert.deepEqual(parser.parse(textChunk), [{ type: 'text', text: ' of' }]);
    const audio = parser.parse(audioChunk);
    assert.equal(audio.length, 1);
    assert.deepEqual(pcmOf(audio), Buffer.from('///+//7////+////////////AAAAAAAAAAABAA==', 'base64'));
    assert.deepEqual(parser.parse(usageChunk), [
      {
        type: 'usage',
        usage: { promptTokens: 415, completionTokens: 242, totalTokens: 657, inputAudioTokens: 415, inputVideoTokens: 0, outputAudioTokens: 191, outputTextTokens: 51 },
      },
    ]);
    assert.deepEqual(parser.flush(), []);
  });

  it('reports finish reasons, video tokens and the first chunk’s role-only delta', () => {
    const parser = new ChunkParser();
    assert.deepEqual(parser.parse({ choices: [{ delta: { role: 'assistant', content: '' }, finish_reason: null }] }), []);
    assert.deepEqual(parser.parse({ choices: [{ delta: {}, finish_reason: 'length' }] }), [{ type: 'finish', reason: 'length' }]);
    const [part] = parser.parse({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: { video_tokens: 7, audio_tokens: 3 } } });
    assert.deepEqual(part, {
      type: 'usage',
      usage: { promptTokens: 10, completionTokens: 2, totalTokens: 12, inputAudioTokens: 3, inputVideoTokens: 7, outputAudioTokens: 0, outputTextTokens: 0 },
    });
  });

  it('tolerates missing and null fields without throwing', () => {
    const parser = new ChunkParser();
    const odd: unknown[] = [
      null,
      'text',
      42,
      {},
      { choices: null },
      { choices: [] },
      { choices: [null, 3] },
      { choices: [{}] },
      { choices: [{ delta: null }] },
      { choices: [{ delta: { content: null, audio: null } }] },
      { choices: [{ delta: { audio: { expires_at: 1, id: 'audio_x' } } }] },
      { choices: [{ delta: { audio: { data: '' } } }], usage: null },
      { choices: [{ delta: { content: 5 } }], usage: 'none' },
    ];
    for (const chunk of odd) assert.deepEqual(parser.parse(chunk), [], JSON.stringify(chunk));
    assert.deepEqual(parser.flush(), []);
  });

  it('carries an odd trailing byte and an unpadded base64 tail over to the next chunk', () => {
    const samples = Buffer.alloc(2 * 1001);
    for (let i = 0; i < 1001; i++) samples.writeInt16LE(((i * 37) % 65536) - 32768, i * 2);
    const b64 = samples.toString('base64').replace(/=+$/, '');
    // Cut points that split base64 groups and bytes and samples in every way.
    const cuts = [0, 1, 2, 7, 10, 33, 34, 35, 101, 500, 1337, b64.length];
    const parser = new ChunkParser();
    const parts: StreamPart[] = [];
    for (let i = 1; i < cuts.length; i++) {
      const out = parser.parse({ choices: [{ delta: { content: null, audio: { data: b64.slice(cuts[i - 1], cuts[i]) } } }] });
      for (const p of out) if (p.type === 'audio') assert.equal(p.pcm.length % 2, 0, 'only whole samples are emitted');
      parts.push(...out);
    }
    parts.push(...parser.flush());
    assert.deepEqual(pcmOf(parts), samples);
  });

  it('decodes chunks that are each padded base64 of an odd number of bytes', () => {
    const samples = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 7) & 0xff));
    const slices = [samples.subarray(0, 5), samples.subarray(5, 6), samples.subarray(6, 17), samples.subarray(17, 40)];
    const parser = new ChunkParser();
    const parts = slices.flatMap((s) => parser.parse({ choices: [{ delta: { audio: { data: s.toString('base64') } } }] }));
    parts.push(...parser.parse({ choices: [{ delta: {}, finish_reason: 'stop' }] }));
    assert.deepEqual(pcmOf(parts), samples);
    assert.deepEqual(parts[parts.length - 1], { type: 'finish', reason: 'stop' });
  });

  it('uses audio.transcript only when no content arrives, before the finish part', () => {
    const withContent = new ChunkParser();
    const a = [
      ...withContent.parse({ choices: [{ delta: { audio: { transcript: 'Hello' } } }] }),
      ...withContent.parse({ choices: [{ delta: { content: 'Hello' } }] }),
      ...withContent.parse({ choices: [{ delta: {}, finish_reason: 'stop' }] }),
      ...withContent.flush(),
    ];
    assert.deepEqual(a, [{ type: 'text', text: 'Hello' }, { type: 'finish', reason: 'stop' }]);

    const transcriptOnly = new ChunkParser();
    const b = [
      ...transcriptOnly.parse({ choices: [{ delta: { content: null, audio: { transcript: 'Hel' } } }] }),
      ...transcriptOnly.parse({ choices: [{ delta: { content: null, audio: { transcript: 'lo.' } } }] }),
      ...transcriptOnly.parse({ choices: [{ delta: {}, finish_reason: 'stop' }] }),
    ];
    assert.deepEqual(b, [{ type: 'text', text: 'Hello.' }, { type: 'finish', reason: 'stop' }]);
  });

  it('throws streamError for an error chunk, or the permanent reason its code names', () => {
    const range = { start: 80, end: 110 };
    assert.throws(
      () => new ChunkParser({ range }).parse({ error: { code: 'InternalError.Algo', message: 'An error occurred in model serving', type: 'internal_error' } }),
      (e: unknown) => TranslateError.is(e, 'streamError') && e.message.startsWith('Piece 01:20–01:50: ') && e.message.includes('model serving'),
    );
    assert.throws(
      () => new ChunkParser().parse({ error: { code: 'data_inspection_failed', message: 'Output data may contain inappropriate content.' } }),
      (e: unknown) => TranslateError.is(e, 'contentBlocked'),
    );
    assert.throws(() => new ChunkParser().parse({ error: { code: 'Arrearage', message: 'Access denied.' } }), (e: unknown) => TranslateError.is(e, 'arrears'));
  });
});

describe('PcmDecoder', () => {
  it('drops a final odd byte and a lone final base64 character', () => {
    const d = new PcmDecoder();
    assert.deepEqual(d.push(Buffer.from([1, 2, 3]).toString('base64')), Buffer.from([1, 2]));
    assert.deepEqual(d.flush(), Buffer.alloc(0));
    assert.deepEqual(d.push('AQID' + 'B'), Buffer.from([1, 2]));
    assert.deepEqual(d.flush(), Buffer.alloc(0));
  });

  it('returns every sample once, in order, however the bytes are sliced and encoded', () => {
    const pcm = Buffer.from(Array.from({ length: 4001 }, (_, i) => (i * 37) % 256));
    // Slices of odd and even byte counts, some a multiple of 3 (no padding), most not.
    const sizes = [6, 7, 1, 2, 3, 4, 5, 12, 600, 31, 2];
    const d = new PcmDecoder();
    const out: Buffer[] = [];
    for (let at = 0, i = 0; at < pcm.length; i++) {
      const size = sizes[i % sizes.length];
      out.push(d.push(pcm.subarray(at, at + size).toString('base64')));
      at += size;
    }
    out.push(d.flush());
    assert.ok(out.every((b) => b.length % 2 === 0), 'whole samples only');
    assert.deepEqual(Buffer.concat(out), pcm.subarray(0, 4000));
  });

  it('lays an answer\'s slices side by side, so joining them copies nothing', () => {
    const pcm = Buffer.from(Array.from({ length: 60_000 }, (_, i) => (i * 7) % 256));
    const d = new PcmDecoder(pcm.length);
    const slices: Buffer[] = [];
    for (let at = 0; at < pcm.length; at += 7200) slices.push(d.push(pcm.subarray(at, at + 7200).toString('base64')));
    const joined = joinPcm(slices);
    assert.deepEqual(joined, pcm);
    assert.equal(joined.buffer, slices[0].buffer, 'the joined speech is a view of the slices\' own memory');
  });

  it('reserves at most half a megabyte ahead of the speech it has, however long the answer is expected to be', () => {
    const d = new PcmDecoder(30 * 1024 * 1024);
    const slice = d.push(Buffer.alloc(7200, 1).toString('base64'));
    assert.ok(slice.buffer.byteLength <= 512 * 1024, `${slice.buffer.byteLength} bytes held for 7200`);
  });

  it('stays exact past its first slab and when slices come from elsewhere', () => {
    const pcm = Buffer.from(Array.from({ length: 700_000 }, (_, i) => (i * 13) % 251));
    // Expects far less than it gets: the slices spill over into further slabs.
    const d = new PcmDecoder(1000);
    const slices: Buffer[] = [];
    for (let at = 0; at < pcm.length; at += 9600) slices.push(d.push(pcm.subarray(at, at + 9600).toString('base64')));
    assert.deepEqual(joinPcm(slices), pcm);
    assert.deepEqual(joinPcm([Buffer.from([1, 2]), Buffer.from([3, 4])]), Buffer.from([1, 2, 3, 4]));
    assert.deepEqual(joinPcm([]), Buffer.alloc(0));
  });

  it('ignores whitespace and line breaks inside the base64', () => {
    const d = new PcmDecoder();
    const out = Buffer.concat([d.push('AQ ID\nBA'), d.push('U=\r\n'), d.flush()]);
    assert.deepEqual(out, Buffer.from([1, 2, 3, 4]), 'the fifth byte is half a sample');
  });
});
