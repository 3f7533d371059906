import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { TranslateError, type ErrorReason } from '../../core/errors';
import type { TranslateJob } from '../../core/job';
import type { RetranslateJob } from '../../core/run/retranslate';
import type { UrlJob } from '../../core/run/translateUrl';
import type { EngineControl, EngineMessage, EngineRequest, ErrorFacts, HostEvent } from './engineWorker';

/**
 * The worker script beside this one: dist/engineWorker.js next to the bundle, or the compiled
 * engineWorker.js next to this file in out/. The engine runs there, never on the host's thread, so
 * the extension's bundle holds none of it (nor the openai SDK) and activation does not read it.
 */
const workerFile = path.join(__dirname, 'engineWorker.js');

/**
 * `translate(job, signal)` on the engine's own thread, so the extension host never waits for it.
 * Yields its events except the speech slices (`audioChunk`), which stay on the engine's thread
 * (see `HostEvent`).
 */
export function translateLazily(job: TranslateJob, signal?: AbortSignal): AsyncGenerator<HostEvent> {
  return inWorker({ kind: 'file', job }, signal);
}

/** `translateUrl(url, job, signal)`, on the engine's own thread as above. */
export function translateUrlLazily(url: string, job: UrlJob, signal?: AbortSignal): AsyncGenerator<HostEvent> {
  return inWorker({ kind: 'url', url, job }, signal);
}

/** `retranslatePiece(job, signal)`, on the engine's own thread as above. */
export function retranslateLazily(job: RetranslateJob, signal?: AbortSignal): AsyncGenerator<HostEvent> {
  return inWorker({ kind: 'retranslate', job }, signal);
}

/**
 * Runs one request in a worker and yields its events as they come. The abort signal, and a caller
 * that stops reading, both ask the worker to stop, so the engine still removes its temporary files.
 */
async function* inWorker(request: EngineRequest, signal?: AbortSignal): AsyncGenerator<HostEvent> {
  const worker = new Worker(workerFile, { workerData: request });
  const queue: EngineMessage[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const push = (m: EngineMessage): void => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', (m: EngineMessage) => push(m));
  worker.on('error', (e: Error) => push({ type: 'error', error: { name: e.name, message: e.message, stack: e.stack } }));
  worker.on('exit', (code) => {
    if (!ended) push({ type: 'error', error: { name: 'Error', message: `The translation engine stopped unexpectedly (exit code ${code}).` } });
  });
  const abort = (): void => worker.postMessage({ type: 'abort' } satisfies EngineControl);
  signal?.addEventListener('abort', abort, { once: true });
  if (signal?.aborted) abort();
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
        continue;
      }
      if (m.type === 'events') yield* m.events;
      else if (m.type === 'error') throw rebuild(m.error);
      else return;
    }
  } finally {
    ended = true;
    signal?.removeEventListener('abort', abort);
    // A caller that stopped early: the engine is told to stop and left to clean up on its own thread.
    abort();
    worker.unref();
  }
}

/** The engine's error as the host's own TranslateError (or Error), so callers tell reasons apart as before. */
function rebuild(f: ErrorFacts): Error {
  const e = f.reason
    ? new TranslateError(f.reason as ErrorReason, f.message, { detail: f.detail, status: f.status, retryAfterMs: f.retryAfterMs, range: f.range })
    : new Error(f.message);
  if (!f.reason) e.name = f.name;
  if (f.stack) e.stack = f.stack;
  return e;
}
