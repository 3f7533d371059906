import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseDecoder } from '../../../src/core/api/sseDecoder';

/** Feeds `reads` one by one, then ends the stream; returns every event's data. */
function decode(reads: (string | Buffer)[]): string[] {
  const d = new SseDecoder();
  const out: string[] = [];
  for (const r of reads) out.push(...d.push(typeof r === 'string' ? Buffer.from(r) : r));
  out.push(...d.end());
  return out;
}

/** `text` cut into reads at every given byte offset. */
function cutAt(text: string, offsets: number[]): Buffer[] {
  const bytes = Buffer.from(text);
  const reads: Buffer[] = [];
  let at = 0;
  for (const o of [...offsets, bytes.length]) {
    reads.push(bytes.subarray(at, o));
    at = o;
  }
  return reads;
}

const stream = 'data: {"a":1}\n\ndata: {"b":"é中"}\n\n: keep-alive comment\n\nevent: x\nid: 7\ndata: {"c":3}\n\ndata: [DONE]\n\n';
const events = ['{"a":1}', '{"b":"é中"}', '{"c":3}', '[DONE]'];

describe('SseDecoder', () => {
  it('returns the data of each event and ignores comments and other fields', () => {
    assert.deepEqual(decode([stream]), events);
  });

  it('gives the same events wherever the reads are cut, inside a UTF-8 character included', () => {
    const length = Buffer.byteLength(stream);
    for (let cut = 1; cut < length; cut++) assert.deepEqual(decode(cutAt(stream, [cut])), events, `cut at byte ${cut}`);
    const everyByte = cutAt(stream, Array.from({ length: length - 1 }, (_, i) => i + 1));
    assert.deepEqual(decode(everyByte), events);
  });

  it('reads CRLF and lone CR line ends, a CRLF split across reads included', () => {
    const crlf = stream.replace(/\n/g, '\r\n');
    assert.deepEqual(decode([crlf]), events);
    for (let cut = 1; cut < crlf.length; cut++) assert.deepEqual(decode(cutAt(crlf, [cut])), events, `cut at ${cut}`);
    assert.deepEqual(decode([stream.replace(/\n/g, '\r')]), events);
  });

  it('joins the data lines of one event with line feeds and keeps spaces after the first', () => {
    assert.deepEqual(decode(['data: one\ndata:two\ndata:  three\ndata\n\n']), ['one\ntwo\n three\n']);
  });

  it('dispatches an event whose blank line never came when the stream ends, and nothing for an empty stream', () => {
    assert.deepEqual(decode(['data: {"a":1}\n\ndata: {"last":true}']), ['{"a":1}', '{"last":true}']);
    assert.deepEqual(decode(['data: {"a":1}\n\ndata: {"last":true}\r']), ['{"a":1}', '{"last":true}']);
    assert.deepEqual(decode([]), []);
    assert.deepEqual(decode(['\n\n: only a comment\n\n']), []);
  });

  it('returns an event as soon as its blank line arrives, not at the end', () => {
    const d = new SseDecoder();
    assert.deepEqual(d.push(Buffer.from('data: 1\n')), []);
    assert.deepEqual(d.push(Buffer.from('\ndata: 2')), ['1']);
    assert.deepEqual(d.push(Buffer.from('\n\n')), ['2']);
    assert.deepEqual(d.end(), []);
  });

  it('keeps held bytes even when the stream reuses its read buffer', () => {
    const d = new SseDecoder();
    const shared = Buffer.from('data: abc');
    assert.deepEqual(d.push(shared), []);
    shared.fill(0x78);
    assert.deepEqual(d.push(Buffer.from('def\n\n')), ['abcdef']);
  });

  it('decodes a long event spread over many small reads', () => {
    const data = JSON.stringify({ audio: Buffer.alloc(200_000, 3).toString('base64') });
    const text = `data: ${data}\n\n`;
    const offsets = Array.from({ length: Math.floor(text.length / 1000) }, (_, i) => (i + 1) * 1000).filter((o) => o < text.length);
    assert.deepEqual(decode(cutAt(text, offsets)), [data]);
  });
});
