import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as zlib from 'node:zlib';
import { createClient } from '../../../src/core/api/client';
import { bodyChunks, nodeFetch, whenSent } from '../../../src/core/api/nodeFetch';
import { streamPiece } from '../../../src/core/api/streamPiece';
import { TranslateError } from '../../../src/core/errors';

/**
 * The transport the SDK is given, against a plain server that answers each path its own way: what
 * the fake API does not do (compress, hold a body open, count connections).
 */
describe('nodeFetch', () => {
  let server: http.Server;
  let base: string;
  const sockets = new Set<unknown>();
  const uploads: { length: string | undefined; bytes: Buffer }[] = [];
  const events = ['data: {"choices":[{"delta":{"content":"Bonjour"}}]}', 'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}', 'data: [DONE]'];
  const sse = `${events.join('\n\n')}\n\n`;

  before(async () => {
    server = http.createServer((req, res) => {
      sockets.add(req.socket);
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        uploads.push({ length: req.headers['content-length'], bytes: Buffer.concat(parts) });
        if (req.url?.endsWith('/gzip/chat/completions')) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
          res.end(zlib.gzipSync(sse));
        } else if (req.url?.endsWith('/denied/chat/completions')) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'invalid_api_key', message: 'Incorrect API key provided.' } }));
        } else if (req.url?.endsWith('/moved/chat/completions')) {
          res.writeHead(301, { location: 'https://api.example.com/compatible-mode/v1/chat/completions' });
          res.end();
        } else if (req.url?.endsWith('/slow/chat/completions')) {
          // Starts the answer and never finishes it.
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(`${events[0]}\n\n`);
        } else {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end(sse);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  /** The text streamPiece reads from an endpoint. */
  const textFrom = async (baseUrl: string): Promise<string> => {
    let out = '';
    const client = createClient({ apiKey: 'sk-nodefetch-test', baseUrl });
    for await (const part of streamPiece(client, { model: 'm' }, { stallMs: 5000 })) if (part.type === 'text') out += part.text;
    return out;
  };
  const text = (path: string): Promise<string> => textFrom(`${base}${path}`);

  it('sends the body byte for byte with its length, and reads the stream', async () => {
    const body = Buffer.from(JSON.stringify({ model: 'm', note: 'é'.repeat(1000) }));
    const response = await nodeFetch(`${base}/plain`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const last = uploads[uploads.length - 1];
    assert.equal(last.length, String(body.length));
    assert.ok(last.bytes.equals(body));
    let read = '';
    for await (const chunk of bodyChunks(response) ?? []) read += Buffer.from(chunk).toString();
    assert.equal(read, sse);
  });

  it('reads an answer the server compressed', async () => {
    assert.equal(await text('/gzip'), 'Bonjour');
  });

  it('lets the SDK read an error body, so a rejected key is named as such', async () => {
    await assert.rejects(
      text('/denied'),
      (e: unknown) => TranslateError.is(e, 'unauthorized') && /Incorrect API key provided/.test(e.message),
    );
  });

  it('does not follow a redirect with the key, and names where it points', async () => {
    const before = uploads.length;
    await assert.rejects(
      text('/moved'),
      (e: unknown) =>
        TranslateError.is(e, 'badRequest') && !e.transient &&
        e.message === 'The endpoint answered with a redirect (HTTP 301 to https://api.example.com/compatible-mode/v1/chat/completions); if that address is the API, set the endpoint to it.',
    );
    assert.equal(uploads.length, before + 1, 'one request, not followed');
  });

  it('reads the same body through the web stream too', async () => {
    const response = await nodeFetch(`${base}/plain`, { method: 'POST', body: '{}' });
    assert.equal(await response.text(), sse);
    // Once read, the raw stream is no longer offered.
    assert.equal(bodyChunks(response), response.body);
  });

  it('fails a body still arriving when stopped, and leaves a finished one alone', async () => {
    const stop = new AbortController();
    const open = await nodeFetch(`${base}/slow/chat/completions`, { method: 'POST', body: '{}', signal: stop.signal });
    const reads = (bodyChunks(open) as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    await reads.next();
    stop.abort();
    await assert.rejects(reads.next(), { name: 'AbortError' });

    const later = new AbortController();
    const done = await nodeFetch(`${base}/plain`, { method: 'POST', body: '{}', signal: later.signal });
    for await (const _ of bodyChunks(done) ?? []) void _;
    // An abort after the end must not throw anywhere, which would crash the process.
    later.abort();
    await new Promise((r) => setTimeout(r, 50));
  });

  it('lets go of the upload once the answer has begun, while the answer still streams', async () => {
    // A request body is a piece's audio; held until each answer ends, the uploads of the pieces in
    // flight were most of the engine's memory, and V8 counted them towards a full collection.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const stop = new AbortController();
    const client = createClient({ apiKey: 'sk-nodefetch-test', baseUrl: `${base}/slow` });
    let upload: WeakRef<Buffer> | undefined;
    const parts = ((): AsyncGenerator<unknown> => {
      const body = Buffer.alloc(4 << 20, 0x20);
      body.write('{"model":"m"}');
      upload = new WeakRef(body);
      return streamPiece(client, body, { stallMs: 5000, signal: stop.signal });
    })();
    const sizeBefore = uploads.length;
    assert.equal(((await parts.next()).value as { type: string }).type, 'text', 'the answer has begun');
    assert.equal(uploads[sizeBefore]?.bytes.length, 4 << 20, 'the whole upload reached the server');
    // A WeakRef keeps its target until the end of the turn that made or read it, so each collection
    // runs in a turn of its own.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    const held = upload?.deref() !== undefined;
    stop.abort();
    await assert.rejects(parts.next(), { reason: 'cancelled' });
    assert.equal(held, false, 'the upload is not held while the answer streams');
  });

  it('says an upload was sent only once the server has taken it, and never for a request that failed', async () => {
    // The engine reuses an upload's memory for the next piece when told it was sent: told early,
    // a piece would go out with another's audio.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const reluctant = http.createServer((req, res) => {
      req.pause();
      void gate.then(() => {
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end(sse);
        });
        req.resume();
      });
    });
    await new Promise<void>((resolve) => reluctant.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(reluctant.address() as AddressInfo).port}/v1/chat/completions`;
    try {
      // Far more than the two sockets' buffers hold, so most of it waits for the server to read.
      const body = Buffer.alloc(48 << 20, 0x20);
      let sent = false;
      whenSent(body, () => (sent = true));
      const answer = nodeFetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(sent, false, 'not sent while the server has not read it');
      open();
      await (await answer).text();
      assert.equal(sent, true);

      const refused = Buffer.alloc(1024, 0x20);
      let told = false;
      whenSent(refused, () => (told = true));
      await assert.rejects(nodeFetch('http://127.0.0.1:1/v1/chat/completions', { method: 'POST', body: refused }));
      assert.equal(told, false, 'a request that never went does not say it was sent');
    } finally {
      reluctant.closeAllConnections();
      await new Promise((resolve) => reluctant.close(resolve));
    }
  });

  it('rejects at once when the signal has already fired', async () => {
    const before = uploads.length;
    await assert.rejects(nodeFetch(`${base}/plain`, { method: 'POST', body: '{}', signal: AbortSignal.abort() }), { name: 'AbortError' });
    assert.equal(uploads.length, before);
  });

  it('keeps the connection for the next request', async () => {
    sockets.clear();
    for (let i = 0; i < 3; i++) assert.equal(await text('/plain'), 'Bonjour');
    assert.equal(sockets.size, 1);
  });

  it('reports a refused connection as a network failure with its code', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(
      textFrom(`http://127.0.0.1:${port}/v1`),
      (e: unknown) => TranslateError.is(e, 'network') && /ECONNREFUSED/.test(e.message),
    );
  });
});
