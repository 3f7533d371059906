/**
 * The engine's own thread: the extension starts this file in a worker thread (see engine.ts) so that
 * decoding, cutting, the requests and their streamed answers never hold up the extension host,
 * which every other extension shares. It speaks the engine's events as messages and knows nothing
 * of VS Code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TranslateEvent } from '../../core/events';
import type { TranslateJob } from '../../core/job';
import type { RetranslateJob } from '../../core/run/retranslate';
import type { UrlJob } from '../../core/run/translateUrl';

/** What the extension asks the worker to run. */
export type EngineRequest =
  | { kind: 'file'; job: TranslateJob }
  | { kind: 'url'; url: string; job: UrlJob }
  | { kind: 'retranslate'; job: RetranslateJob };

/** What the worker sends back: events in order, then one error or the end. */
export type EngineMessage =
  | { type: 'events'; events: TranslateEvent[] }
  | { type: 'error'; error: ErrorFacts }
  | { type: 'end' };

/** A thrown error as plain data, so a TranslateError can be rebuilt on the other side. */
export interface ErrorFacts {
  name: string;
  message: string;
  reason?: string;
  detail?: string;
  status?: number;
  retryAfterMs?: number;
  range?: { start: number; end: number };
  stack?: string;
}

/** What the extension sends: only a request to stop, as the user's cancel. */
export type EngineControl = { type: 'abort' };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const request = workerData as EngineRequest;
  const stop = new AbortController();
  port.on('message', (m: EngineControl) => {
    if (m.type === 'abort') stop.abort();
  });
  // Events go in batches, one per turn of this thread's loop, so the host wakes once for many
  // speech slices instead of once for each.
  let batch: TranslateEvent[] = [];
  let flushing = false;
  const flush = (): void => {
    flushing = false;
    if (batch.length === 0) return;
    port.postMessage({ type: 'events', events: batch } satisfies EngineMessage);
    batch = [];
  };
  try {
    const events = await start(request, stop.signal);
    for await (const event of events) {
      batch.push(event);
      if (!flushing) {
        flushing = true;
        setImmediate(flush);
      }
    }
    flush();
    port.postMessage({ type: 'end' } satisfies EngineMessage);
  } catch (e) {
    flush();
    port.postMessage({ type: 'error', error: errorFacts(e) } satisfies EngineMessage);
  } finally {
    port.close();
  }
}

/** The engine's run for `request`; each loads only what it needs. */
async function start(request: EngineRequest, signal: AbortSignal): Promise<AsyncGenerator<TranslateEvent>> {
  if (request.kind === 'retranslate') return (await import('../../core/run/retranslate')).retranslatePiece(request.job, signal);
  const { translate, translateUrl } = await import('../../core/translate');
  return request.kind === 'file' ? translate(request.job, signal) : translateUrl(request.url, request.job, signal);
}

function errorFacts(e: unknown): ErrorFacts {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const t = e as Error & Omit<ErrorFacts, 'name' | 'message'>;
  return { name: e.name, message: e.message, reason: t.reason, detail: t.detail, status: t.status, retryAfterMs: t.retryAfterMs, range: t.range, stack: e.stack };
}

void main();
