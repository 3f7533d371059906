import type { TranslateEvent } from '../../core/events';
import type { TranslateJob } from '../../core/job';
import type { UrlJob } from '../../core/run/translateUrl';

/**
 * The engine, loaded on the first run instead of at activation: it brings the openai SDK, which is
 * most of what the bundle would otherwise evaluate before the first command (issue #5 measures
 * activation). The bundle still holds it; only its evaluation waits.
 */
function loadEngine(): Promise<typeof import('../../core/translate')> {
  return import('../../core/translate');
}

/** `translate(job, signal)`, loading the engine first. */
export async function* translateLazily(job: TranslateJob, signal?: AbortSignal): AsyncGenerator<TranslateEvent> {
  const { translate } = await loadEngine();
  yield* translate(job, signal);
}

/** `translateUrl(url, job, signal)`, loading the engine first. */
export async function* translateUrlLazily(url: string, job: UrlJob, signal?: AbortSignal): AsyncGenerator<TranslateEvent> {
  const { translateUrl } = await loadEngine();
  yield* translateUrl(url, job, signal);
}

/** Removes the piece cache in `dir`; returns how many entries went. */
export async function clearCacheLazily(dir: string): Promise<number> {
  const { clearCache } = await loadEngine();
  return clearCache(dir);
}
