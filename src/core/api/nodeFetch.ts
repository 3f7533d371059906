import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { agentFor, proxyConnectFailure, proxyRefusal, type ProxyOptions } from './proxy';

/**
 * The `fetch` the openai SDK is given: one request over `node:http`/`node:https` instead of Node's
 * built-in fetch (undici). The SDK still builds the request, applies its timeout and turns HTTP
 * errors into its error types; only the transport changes. On the benchmark's 10-minute file
 * (docs/benchmarks.md) it cut the engine's CPU by about a third for text and a fifth with speech:
 * undici copies the upload into web-stream chunks, parses the answer in WebAssembly and passes
 * every read through a web stream, and its fetch machinery warms up on the first request.
 *
 * Only what the SDK sends is handled here: a string or byte body, or none. Anything else (a
 * multipart upload, a stream) goes to the built-in fetch.
 *
 * `proxy` chooses the proxy (see `ProxyOptions`); left out, the environment's `HTTPS_PROXY`,
 * `HTTP_PROXY` and `NO_PROXY` do. A proxy that refuses, cannot be reached or asks for credentials
 * fails the request with a `ProxyFailure` that names it.
 */
export async function nodeFetch(input: string | URL | Request, init: RequestInit = {}, proxy?: ProxyOptions): Promise<Response> {
  const body = init.body;
  const plainBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
  if (input instanceof Request || !plainBody) return fetch(input, init);
  const url = new URL(String(input));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fetch(input, init);
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = value;
  });
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);
  // Given the whole body at once, Node sends it with its Content-Length. The body stays out of the
  // closures that live as long as the answer: the uploads of the pieces in flight, held until their
  // answers ended, were most of the engine's memory, and V8 counts them towards a full collection.
  const { request, answer } = send(url, init.method ?? 'GET', headers, signal, proxy);
  const sent = body instanceof Uint8Array ? afterSending.get(body) : undefined;
  if (sent) afterSending.delete(body as Uint8Array);
  request?.end(body ?? undefined, sent);
  return answer;
}

/**
 * Calls `done` once `body` has been handed to the operating system whole, after which the request
 * no longer reads it and its memory may be reused. A request that fails before then never calls it.
 */
export function whenSent(body: Uint8Array, done: () => void): void {
  afterSending.set(body, done);
}

const afterSending = new WeakMap<Uint8Array, () => void>();

/** Opens the request (none when opening threw, which `answer` rejects with); its body is the caller's to write. */
function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
  proxy: ProxyOptions | undefined,
): { request: http.ClientRequest | undefined; answer: Promise<Response> } {
  const secure = url.protocol === 'https:';
  let opened: http.ClientRequest | undefined;
  const answer = new Promise<Response>((resolve, reject) => {
    let res: http.IncomingMessage | undefined;
    // Like fetch, a stop ends the request, and a body still arriving fails with the abort; one
    // already complete is left alone. Node's own `signal` option would also fail a finished body
    // that nothing listens to any more, which crashes the process.
    const onAbort = (): void => {
      const error = abortError(signal);
      if (!res) request.destroy(error);
      else if (!res.complete) res.destroy(error);
    };
    const via = agentFor(url, proxy);
    // Set once the proxy has opened its tunnel or answered, after which errors are the API's.
    let throughProxy = false;
    const request = (secure ? https : http).request(url, { method, headers, agent: via.agent }, (answer) => {
      throughProxy = true;
      // An http proxy answers a refused request itself; a tunnel refused with CONNECT replays the
      // proxy's answer here too, and said so in `proxyConnect`.
      if (via.proxy && (answer.statusCode === 407 || refusedStatus !== undefined)) {
        answer.resume();
        signal?.removeEventListener('abort', onAbort);
        return reject(proxyRefusal(via.proxy, refusedStatus ?? 407));
      }
      res = answer;
      // Errors reach whoever reads the body; this only keeps an unread one from crashing the process.
      answer.on('error', () => undefined);
      answer.on('close', () => signal?.removeEventListener('abort', onAbort));
      resolve(toResponse(answer));
    });
    let refusedStatus: number | undefined;
    request.on('proxyConnect', (connect: { statusCode?: number }) => {
      throughProxy = true;
      if (connect.statusCode !== 200) refusedStatus = connect.statusCode ?? 502;
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject((via.proxy && proxyConnectFailure(via.proxy, e, throughProxy)) || e);
    });
    opened = request;
  });
  return { request: opened, answer };
}

/** What fetch rejects with when stopped: the signal's reason, or an AbortError. */
function abortError(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

/**
 * The answer's body as it arrives, for reading it without the web stream: the raw Node stream when
 * `response` came from `nodeFetch` and nothing has read its body yet, else `response.body`. Each
 * read through a web stream costs a few promises and a copy, and an hour of speech is about 25,000
 * reads.
 */
export function bodyChunks(response: Response): AsyncIterable<Uint8Array> | null {
  const raw = rawBodies.get(response)?.claim();
  rawBodies.delete(response);
  return raw ?? response.body;
}

/** The header that holds a status Response could not (see `toResponse`). */
export const originalStatusHeader = 'x-media-translate-original-status';

/** Responses whose body may still be read as the raw Node stream (see `bodyChunks`). */
const rawBodies = new WeakMap<Response, RawBody>();

/** A response body read either as a web stream (by the SDK, for an error's text) or raw, whichever asks first. */
interface RawBody {
  /** The raw stream, unless the web stream has begun reading it. */
  claim(): Readable | undefined;
}

/** Statuses whose Response may not have a body. */
const nullBodyStatuses = new Set([101, 204, 205, 304]);

function toResponse(res: http.IncomingMessage): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  const status = res.statusCode ?? 502;
  // Response cannot carry a status outside 200–599, so the one the server sent travels in a header
  // of our own, for the error to name it as it was.
  if (validStatus(status) !== status) headers.set(originalStatusHeader, String(status));
  const decoded = decode(res, headers);
  let claimed = false;
  let feeding = false;
  // With no high-water mark, nothing is pulled until the web stream is first read, so a body
  // claimed raw never starts feeding it.
  const web = nullBodyStatuses.has(status)
    ? null
    : new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (!feeding) {
              if (claimed) return controller.error(new TypeError('The response body was already read.'));
              claimed = feeding = true;
              decoded.on('data', (chunk: Buffer) => {
                controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
                decoded.pause();
              });
              decoded.on('end', () => controller.close());
              decoded.on('error', (e) => controller.error(e));
            }
            decoded.resume();
          },
          cancel() {
            decoded.destroy();
            res.destroy();
          },
        },
        { highWaterMark: 0 },
      );
  const response = new Response(web, { status: validStatus(status), statusText: res.statusMessage ?? '', headers });
  if (web) {
    rawBodies.set(response, {
      claim: () => {
        if (claimed) return undefined;
        claimed = true;
        return decoded;
      },
    });
  }
  return response;
}

/**
 * The body without its content encoding. No Accept-Encoding is sent, so a server should answer
 * with none, but one that compresses anyway is still read right.
 */
function decode(res: http.IncomingMessage, headers: Headers): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : undefined;
  if (!decoder) return res;
  headers.delete('content-encoding');
  headers.delete('content-length');
  res.on('error', (e) => decoder.destroy(e));
  // As for the raw body: a reader gets the error; an unread body must not crash the process.
  decoder.on('error', () => undefined);
  return res.pipe(decoder);
}

/** Response accepts 200–599 only; anything else from a server is reported as a bad gateway. */
function validStatus(status: number): number {
  return status >= 200 && status <= 599 ? status : 502;
}
