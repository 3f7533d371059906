import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { TranslateError, type ErrorReason } from '../../core/errors';
import type { TranslateEvent } from '../../core/events';
import type { TranslateJob } from '../../core/job';
import type { UrlJob } from '../../core/run/translateUrl';
import type { EngineControl, EngineMessage, EngineRequest, ErrorFacts, HostEvent } from './engineWorker';

/**
 * The engine, loaded on the first run instead of at activation: it brings the openai SDK, which is
 * most of what the bundle would otherwise evaluate before the first command (issue #5 measures
 * activation). The bundle still holds it; only its evaluation waits.
 */
function loadEngine(): Promise<typeof import('../../core/translate')> {
  return import('../../core/translate');
}

/**
 * The worker script beside this one: dist/engineWorker.js next to the bundle, or the compiled
 * engineWorker.js next to this file. Without it the engine runs on the host's thread, as before.
 */
const workerFile = path.join(__dirname, 'engineWorker.js');

/**
 * `translate(job, signal)` on the engine's own thread, so the extension host never waits for it.
 * Yields its events except the speech slices (`audioChunk`), which stay on the engine's thread
 * (see `HostEvent`).
 */
export async function* translateLazily(job: TranslateJob, signal?: AbortSignal): AsyncGenerator<HostEvent> {
  if (!fs.existsSync(workerFile)) {
    const { translate } = await loadEngine();
    return yield* forHost(translate(job, signal));
  }
  yield* inWorker({ kind: 'file', job }, signal);
}

/** `translateUrl(url, job, signal)`, on the engine's own thread as above. */
export async function* translateUrlLazily(url: string, job: UrlJob, signal?: AbortSignal): AsyncGenerator<HostEvent> {
  if (!fs.existsSync(workerFile)) {
    const { translateUrl } = await loadEngine();
    return yield* forHost(translateUrl(url, job, signal));
  }
  yield* inWorker({ kind: 'url', url, job }, signal);
}

/** Removes the piece cache in `dir`; returns how many entries went. */
export async function clearCacheLazily(dir: string): Promise<number> {
  const { clearCache } = await loadEngine();
  return clearCache(dir);
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

/** The same events without the speech slices, for the engine on the host's own thread. */
async function* forHost(events: AsyncIterable<TranslateEvent>): AsyncGenerator<HostEvent> {
  for await (const ev of events) if (ev.type !== 'audioChunk') yield ev;
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
