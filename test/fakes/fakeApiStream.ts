import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { AnswerPlan } from './fakeApiAnswer';
import { errorBody, messages, type Fault } from './fakeApiFaults';

/** How a streamed answer ended. */
export type StreamEnd = 'done' | 'dropped' | 'errorInStream' | 'clientClosed';

/** Pace and misbehaviour of one stream. */
export interface StreamSettings {
  model: string;
  fault?: Fault;
  ttftMs: number;
  /** Server time for the whole answer, spread over it by each chunk's place in the input. */
  workMs: number;
  chunkDelayMs: number;
  /** Date.now() the timing counts from; default: when the headers are sent. */
  startedAt?: number;
  /** Fires when the client goes away or the server closes. */
  signal: AbortSignal;
}

/**
 * Streams `plan` as the real API does, byte for byte: `data: {chunk}\n\n` events with the same id
 * and `created` on every chunk, `delta.role` only in the first, the text and audio chunks shaped as
 * in the reference, a finish chunk, the usage chunk (`choices: []`), then `data: [DONE]`.
 */
export async function streamAnswer(res: ServerResponse, plan: AnswerPlan, o: StreamSettings): Promise<StreamEnd> {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const audioId = `audio_${id.slice('chatcmpl-'.length)}`;
  const chunk = (choices: unknown[], usage: unknown = null): Record<string, unknown> => ({
    id,
    choices,
    created,
    model: o.model,
    object: 'chat.completion.chunk',
    service_tier: null,
    system_fingerprint: null,
    usage,
  });
  const choice = (delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> => ({
    delta: { content: null, function_call: null, refusal: null, role: null, tool_calls: null, ...delta },
    finish_reason: finish,
    index: 0,
    logprobs: null,
  });
  const fault = o.fault;
  const speech = (base64: string): Record<string, unknown> => chunk([choice({ audio: { data: base64, expires_at: created, id: audioId } })]);
  // A content filter stops the answer half-way; an empty answer has nothing between role and finish.
  const events =
    fault?.kind === 'finish'
      ? plan.events.slice(0, Math.floor(plan.events.length / 2))
      : fault?.kind === 'empty'
        ? []
        : fault?.kind === 'noSpeech'
          ? plan.events.filter((e) => !e.pcm)
          : plan.events;
  const timed: { at: number; data: Record<string, unknown> }[] = [
    { at: 0, data: chunk([choice({ content: '', role: 'assistant' })]) },
    ...hugeSpeech(fault, speech),
    ...events.map((e) => ({
      at: e.at,
      data: e.pcm ? speech(e.pcm.toString('base64')) : chunk([choice({ content: e.text })]),
    })),
    { at: plan.seconds, data: chunk([choice({}, fault?.kind === 'finish' ? fault.reason : plan.finishReason)]) },
    { at: plan.seconds, data: chunk([], plan.usage) },
  ];

  res.writeHead(200, { 'content-type': 'text/event-stream;charset=UTF-8', 'cache-control': 'no-cache', 'x-request-id': randomUUID() });
  res.flushHeaders();
  const started = o.startedAt ?? Date.now();
  const faultAt =
    fault && 'afterChunks' in fault
      ? Math.min(Math.max(0, fault.afterChunks), timed.length)
      : fault?.kind === 'malformed' ? Math.min(2, timed.length) : fault?.kind === 'hugeLine' ? 1 : -1;
  let send = sendAll;
  for (let i = 0; i <= timed.length; i++) {
    if (i === faultAt && fault) {
      if (fault.kind === 'keepAlive') {
        while (await sleep(fault.everyMs, o.signal)) if (!(await send(res, ': keep-alive\n\n'))) break;
        return 'clientClosed';
      }
      if (fault.kind === 'hugeLine') return (await sendLongLine(res, fault.bytes)) ? 'dropped' : 'clientClosed';
      if (fault.kind === 'trickle') send = (r, text) => sendSlowly(r, String(text), fault.byteEveryMs, o.signal);
      if (fault.kind === 'drop') {
        res.socket?.destroy();
        return 'dropped';
      }
      if (fault.kind === 'errorInStream') {
        await send(res, `data: ${JSON.stringify(errorBody('InternalError.Algo', messages.inStream, 'internal_error'))}\n\n`);
        res.end();
        return 'errorInStream';
      }
      if (fault.kind === 'stall' && !(await sleep(fault.ms, o.signal))) return 'clientClosed';
      // The first 40 characters of a real chunk, so the JSON stops mid-string.
      if (fault.kind === 'malformed' && !(await send(res, `data: ${JSON.stringify(timed[Math.max(0, i - 1)].data).slice(0, 40)}\n\n`))) return 'clientClosed';
    }
    if (i === timed.length) break;
    const slow = fault?.kind === 'slowChunks' ? fault.everyMs : 0;
    const due = started + o.ttftMs + (plan.seconds > 0 ? (o.workMs * timed[i].at) / plan.seconds : 0) + i * (o.chunkDelayMs + slow);
    if (!(await sleep(due - Date.now(), o.signal))) return 'clientClosed';
    if (!(await send(res, `data: ${JSON.stringify(timed[i].data)}\n\n`))) return 'clientClosed';
  }
  if (!(await send(res, 'data: [DONE]\n\n'))) return 'clientClosed';
  res.end();
  return 'done';
}

/** For the 'hugeSpeech' fault: that many bytes of silence in chunks of 1 MB, else nothing. */
function hugeSpeech(fault: Fault | undefined, speech: (base64: string) => Record<string, unknown>): { at: number; data: Record<string, unknown> }[] {
  if (fault?.kind !== 'hugeSpeech') return [];
  const mb = 1 << 20;
  const whole = Buffer.alloc(mb).toString('base64');
  const out: { at: number; data: Record<string, unknown> }[] = [];
  for (let left = fault.bytes; left > 0; left -= mb) out.push({ at: 0, data: speech(left >= mb ? whole : Buffer.alloc(left - (left % 2)).toString('base64')) });
  return out;
}

/** Starts a `data:` line and sends `bytes` characters of it without ever ending it, then ends the response. */
async function sendLongLine(res: ServerResponse, bytes: number): Promise<boolean> {
  if (!(await sendAll(res, 'data: {"choices":[{"delta":{"content":"'))) return false;
  const mb = 'a'.repeat(1 << 20);
  for (let left = bytes; left > 0; left -= mb.length) {
    if (!(await sendAll(res, left >= mb.length ? mb : mb.slice(0, left)))) return false;
  }
  res.end();
  return true;
}

/** Sends `text` one byte at a time, `ms` apart; false when the client has gone. */
async function sendSlowly(res: ServerResponse, text: string, ms: number, signal: AbortSignal): Promise<boolean> {
  for (const byte of Buffer.from(text)) {
    if (!(await sleep(ms, signal)) || !(await sendAll(res, Buffer.from([byte])))) return false;
  }
  return true;
}

/** Writes and waits until the bytes reach the socket; false when the client has gone. */
function sendAll(res: ServerResponse, text: string | Buffer): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => res.write(text, (e) => resolve(!e && !res.destroyed)));
}

/** Waits `ms` (nothing when ≤ 0); false when `signal` fired first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
