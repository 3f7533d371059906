import { setMaxListeners } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { planAnswer, type UsageBody } from './fakeApiAnswer';
import type { SpeechVariant, Stretch } from './fakeApiAudio';
import { errorAnswer, messages, statusFaultAnswer, type ErrorAnswer, type Fault } from './fakeApiFaults';
import { streamAnswer } from './fakeApiStream';
import { maxDataUrlBytes, validateRequest } from './fakeApiValidate';

export type { Fault } from './fakeApiFaults';

/** How the fake behaves; every field can be changed between requests with `setOptions`. */
export interface FakeApiOptions {
  /** The only key accepted; when undefined, any non-empty bearer token is. */
  apiKey?: string;
  /** Time to first token: the wait after the headers before the first chunk. Default 0. */
  ttftMs: number;
  /** Server time per second of input audio, spread over the stream. Default 0. */
  workPerSourceSecondMs: number;
  /** Extra delay before each chunk. Default 0. */
  chunkDelayMs: number;
  /**
   * Budgets per sliding window, answered with 429 and Retry-After when exceeded; 0 turns them off
   * (default). Changing a budget with `setOptions` empties the window.
   */
  tokensPerMinute: number;
  requestsPerMinute: number;
  /** The length of that window. Default 60,000 ms (tests may shorten it). */
  rateWindowMs: number;
  /** The model's output limit; a longer answer stops with finish_reason 'length'. Default 4096. */
  maxOutputTokens: number;
  /** How long the fake pretends media behind an http(s) URL lasts (it cannot fetch it). Default 10 s. */
  urlSeconds: number;
  /**
   * The cap on one data URL, in bytes. Default: the documented 10 MB. Only the benchmark raises it,
   * to time the single request for a whole file, which the real API would reject.
   */
  maxDataUrlBytes: number;
  /**
   * Count the time to first token and the work from the request's arrival rather than from when the
   * answer starts, so the fake's own decoding and planning (tens of milliseconds per request) is
   * not added to the latency model. Default false; the benchmark turns it on.
   */
  timeFromArrival: boolean;
  /**
   * Every sentence of the answer this many characters long, whatever the length of its stretch;
   * undefined (default) makes each sentence as long as its stretch's speech.
   */
  sentenceChars?: number;
  /** Characters of answer per second of stretch, by the stretch's number in the request (from 1); default 14 (5 for CJK). */
  charsPerSecond?: (stretch: number) => number;
  /**
   * Chooses a fault for a valid request by what it holds (its audio's length, say), so a test can
   * aim a fault at one piece whatever order the requests arrive in. Overrides the queue's fault.
   */
  pickFault?: (request: RecordedRequest) => Fault | undefined;
  /** How the speech differs from the plain tone (pitch, length); the plain tone when undefined. */
  speech?: SpeechVariant;
}

/** How the fake answered one request. */
export interface RequestOutcome {
  status: number;
  /** The error code sent, in an error body or inside the stream. */
  errorCode?: string;
  finishReason?: 'stop' | 'length';
  /** Text and PCM bytes the plan streamed (all of them unless the stream was cut short). */
  text?: string;
  audioBytes?: number;
  /** The usage the answer's last chunk reported, when the stream got that far. */
  usage?: UsageBody;
  end: 'error' | 'done' | 'dropped' | 'errorInStream' | 'clientClosed';
  /** Milliseconds from arrival to the last byte. */
  durationMs: number;
}

/** One request as the fake saw it. */
export interface RecordedRequest {
  /** Date.now() at arrival. */
  at: number;
  method: string;
  path: string;
  /** Lower-case headers, without Authorization. */
  headers: Record<string, string>;
  /** Whether the bearer token was accepted. */
  authorized: boolean;
  /** The parsed JSON body, with a data URL replaced by "<data URL: N bytes, S s>"; the raw text if it was not JSON. */
  body: unknown;
  /** Length of the media data URL, and the duration decoded from it. */
  dataUrlBytes?: number;
  audioSeconds?: number;
  /** The stretches of sound the fake found, each answered by one sentence. */
  stretches?: Stretch[];
  /** For a video data URL: the clip's picture size and the video tokens reported for it. */
  video?: { width: number; height: number; tokens: number };
  /** The fault taken from the queue for this request. */
  fault?: Fault;
  /** Set once the answer is complete. */
  outcome?: RequestOutcome;
}

/** A running fake of the qwen3-livetranslate-flash API on 127.0.0.1. */
export interface FakeApi {
  /** e.g. http://127.0.0.1:PORT/compatible-mode/v1 */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Faults for the next requests, one taken per request in arrival order. */
  faults: Fault[];
  setOptions(p: Partial<FakeApiOptions>): void;
  /** Requests being answered now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

const defaultOptions: FakeApiOptions = {
  ttftMs: 0,
  workPerSourceSecondMs: 0,
  chunkDelayMs: 0,
  tokensPerMinute: 0,
  requestsPerMinute: 0,
  rateWindowMs: 60_000,
  maxOutputTokens: 4096,
  urlSeconds: 10,
  maxDataUrlBytes,
  timeFromArrival: false,
};

/**
 * Starts a fake API that speaks the documented protocol over real HTTP, so tests drive it through
 * the real `openai` SDK. It validates requests like the real API and derives its answer from the
 * audio: one sentence per stretch of sound (see fakeApiAnswer.ts), plus a tone per stretch as speech.
 */
export async function startFakeApi(o: Partial<FakeApiOptions> = {}): Promise<FakeApi> {
  let options: FakeApiOptions = { ...defaultOptions, ...o };
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const spent: { at: number; tokens: number }[] = [];
  const closing = new AbortController();
  // Every request in flight listens for the close; a client at a high concurrency keeps dozens at once.
  setMaxListeners(0, closing.signal);
  let inFlight = 0;
  let maxInFlight = 0;
  // Requests a `together` 429 holds, each waiting for the one that makes them enough. One still
  // held when the fake closes is cut with its connection and never answered.
  const held: (() => void)[] = [];
  const holdTogether = async (fault: Fault | undefined): Promise<void> => {
    if (fault?.kind !== '429' || fault.together === undefined) return;
    const enough = fault.together;
    await new Promise<void>((resolve) => {
      held.push(resolve);
      if (held.length >= enough) for (const release of held.splice(0)) release();
    });
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const at = Date.now();
    const raw = await readBody(req);
    const auth = req.headers.authorization ?? '';
    const record: RecordedRequest = {
      at,
      method: req.method ?? '',
      path: req.url ?? '',
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'authorization').map(([k, v]) => [k, String(v)])),
      authorized: options.apiKey === undefined ? /^Bearer \S+$/.test(auth) : auth === `Bearer ${options.apiKey}`,
      body: raw,
      fault: faults.shift(),
    };
    requests.push(record);
    const finish = (outcome: Omit<RequestOutcome, 'durationMs'>): void => {
      record.outcome = { ...outcome, durationMs: Date.now() - at };
    };
    const fail = (answer: ErrorAnswer): void => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
      finish({ status: answer.status, errorCode: answer.body.error.code, end: 'error' });
    };

    let body: unknown;
    try {
      body = JSON.parse(raw);
      record.body = redactBody(body);
    } catch {
      body = undefined;
    }
    if (req.method !== 'POST' || !/\/compatible-mode\/v1\/chat\/completions\/?$/.test(new URL(req.url ?? '/', 'http://x').pathname)) {
      return fail(errorAnswer(404, 'NotFound', `No route for ${req.method} ${req.url}.`, 'not_found'));
    }
    if (!record.authorized) return fail(errorAnswer(401, 'invalid_api_key', messages.invalidKey));
    if (record.fault?.kind === 'html') {
      const status = record.fault.status ?? 200;
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><title>Sign in</title></head><body><p>Please sign in to continue.</p></body></html>');
      return finish({ status, end: 'done' });
    }
    if (record.fault?.kind === 'badGzip') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      res.end(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
      return finish({ status: 200, end: 'done' });
    }
    if (record.fault?.kind === 'json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(record.fault.body));
      return finish({ status: 200, end: 'done' });
    }
    await holdTogether(record.fault);
    const statusFault = record.fault && statusFaultAnswer(record.fault);
    if (statusFault) return fail(statusFault);

    const valid = await validateRequest(body, {
      urlSeconds: options.urlSeconds,
      maxOutputTokens: options.maxOutputTokens,
      maxDataUrlBytes: options.maxDataUrlBytes,
    });
    if ('status' in valid) return fail(valid);
    record.dataUrlBytes = valid.dataUrlBytes;
    record.audioSeconds = valid.seconds;
    record.stretches = valid.stretches;
    record.video = valid.video;
    record.body = redactBody(body, valid.seconds);
    const picked = options.pickFault?.(record);
    if (picked) {
      record.fault = picked;
      await holdTogether(picked);
      const pickedStatus = statusFaultAnswer(picked);
      if (pickedStatus) return fail(pickedStatus);
    }

    const plan = planAnswer(valid, { maxOutputTokens: options.maxOutputTokens, cutAt: record.fault?.kind === 'length' ? 0.5 : undefined, sentenceChars: options.sentenceChars, charsPerSecond: options.charsPerSecond, speech: options.speech });
    const limited = rateLimit(spent, plan.usage.total_tokens, options, Date.now());
    if (limited) return fail(limited);

    const gone = new AbortController();
    const onGone = (): void => gone.abort();
    res.on('close', onGone);
    closing.signal.addEventListener('abort', onGone, { once: true });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const end = await streamAnswer(res, plan, {
        model: valid.model,
        fault: record.fault,
        ttftMs: options.ttftMs,
        startedAt: options.timeFromArrival ? at : undefined,
        workMs: options.workPerSourceSecondMs * valid.seconds,
        chunkDelayMs: options.chunkDelayMs,
        signal: gone.signal,
      });
      finish({
        status: 200,
        errorCode: end === 'errorInStream' ? 'InternalError.Algo' : undefined,
        finishReason: end === 'done' ? plan.finishReason : undefined,
        text: plan.text,
        audioBytes: plan.audioBytes,
        usage: end === 'done' ? plan.usage : undefined,
        end,
      });
    } finally {
      inFlight--;
      closing.signal.removeEventListener('abort', onGone);
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'FakeApiBug', param: null, message: String(e), type: 'internal_error' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/compatible-mode/v1`,
    requests,
    faults,
    setOptions: (p) => {
      const budget = (x: FakeApiOptions): string => `${x.requestsPerMinute}/${x.tokensPerMinute}/${x.rateWindowMs}`;
      const next = { ...options, ...p };
      // A new budget starts with an empty window, so earlier tests' requests do not count against it.
      if (budget(next) !== budget(options)) spent.length = 0;
      options = next;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: async () => {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A 429 when this request would break a budget, with Retry-After for when it would fit; else records it. */
function rateLimit(spent: { at: number; tokens: number }[], tokens: number, o: FakeApiOptions, now: number): ErrorAnswer | undefined {
  while (spent.length > 0 && spent[0].at + o.rateWindowMs <= now) spent.shift();
  const retryAfter = (until: number): Record<string, string> => ({ 'retry-after': String(Math.max(1, Math.ceil((until - now) / 1000))) });
  if (o.requestsPerMinute > 0 && spent.length >= o.requestsPerMinute) {
    return errorAnswer(429, 'limit_requests', messages.rateLimited, 'limit_requests', retryAfter(spent[spent.length - o.requestsPerMinute].at + o.rateWindowMs));
  }
  if (o.tokensPerMinute > 0 && spent.length > 0) {
    let total = spent.reduce((n, s) => n + s.tokens, 0);
    let until = now;
    for (const s of spent) {
      if (total + tokens <= o.tokensPerMinute) break;
      total -= s.tokens;
      until = s.at + o.rateWindowMs;
    }
    if (until > now) return errorAnswer(429, 'insufficient_quota', messages.tokensLimited, 'insufficient_quota', retryAfter(until));
  }
  spent.push({ at: now, tokens });
  return undefined;
}

/** A copy of the body whose media data URL is replaced by a short description (without copying the data). */
function redactBody(body: unknown, seconds?: number): unknown {
  const text = JSON.stringify(body, (key, value: unknown) =>
    (key === 'data' || key === 'url') && typeof value === 'string' && value.startsWith('data:')
      ? `<data URL: ${value.length} bytes${seconds === undefined ? '' : `, ${seconds.toFixed(3)} s`}>`
      : value,
  );
  return JSON.parse(text) as unknown;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
