import { autoCeiling } from '../src/core/api/pacing';
import type { Concurrency } from '../src/core/job';
import type { FakeApiOptions, RecordedRequest } from '../test/fakes/fakeApi';

/**
 * How the simulated API spends time and budget, in the model's own seconds. Every figure the
 * benchmark reports as a wall time is in these seconds too, whatever the time scale.
 */
export interface LatencyModel {
  /** Time to first token of every request. */
  ttftSeconds: number;
  /** Seconds of server work per second of source audio, spread over the answer's stream. */
  workPerSourceSecond: number;
  /** The account's budgets per sliding minute (documented defaults: 100,000 tokens, 100 requests). */
  tokensPerMinute: number;
  requestsPerMinute: number;
}

/** A realistic model: a 30 s piece takes 1.5 s + 3 s = 4.5 s, and the documented account limits. */
export const defaultModel: LatencyModel = {
  ttftSeconds: 1.5,
  workPerSourceSecond: 0.1,
  tokensPerMinute: 100_000,
  requestsPerMinute: 100,
};

/** The longest piece the engine cuts in every run (the extension's default). */
export const segmentSeconds = 30;

/** The length of the budgets' sliding window, in model seconds (the API's, and the engine's Pacer's). */
export const windowSeconds = 60;

/**
 * The fake server's options for `model` run `timeScale` times faster than real time: server times
 * and the budget window shrink by the same factor while the budgets per window stay, so every
 * ratio (work against budget, budget against concurrency) is what it would be unscaled.
 */
export function fakeOptionsFor(model: LatencyModel, timeScale: number): Partial<FakeApiOptions> {
  return {
    ttftMs: (model.ttftSeconds * 1000) / timeScale,
    workPerSourceSecondMs: (model.workPerSourceSecond * 1000) / timeScale,
    tokensPerMinute: model.tokensPerMinute,
    requestsPerMinute: model.requestsPerMinute,
    rateWindowMs: (windowSeconds * 1000) / timeScale,
    timeFromArrival: true,
  };
}

/** Server seconds one request of `sourceSeconds` of audio costs: time to first token plus the work. */
export function serverSeconds(model: LatencyModel, sourceSeconds: number): number {
  return model.ttftSeconds + model.workPerSourceSecond * sourceSeconds;
}

/** What the best possible client would take for a run's requests, and which limit sets it. */
export interface Ideal {
  /** A client with no overhead at all, sending the same requests in the same order under the same limits. */
  seconds: number;
  binding: 'server work' | 'token budget' | 'request budget';
  /** The plain formula: the sum of every request's server seconds over the concurrency. */
  workBound: number;
  /**
   * The account-budget floor: the same requests with no limit on how many are in flight, so only
   * the budgets (and each request's own server time) hold them back. No client can go below it.
   */
  budgetFloor: number;
}

/**
 * The ideal wall time for the requests this run sent (answered ones only): a simulated client with
 * zero overhead sends them in arrival order, each as soon as one of `concurrency` slots is free
 * and both sliding windows (tokens, requests) have room, and each takes exactly its server seconds.
 * Unlike Σ work / concurrency, this sees how a budget and the concurrency limit interact (and that
 * the last round of pieces may not fill every slot). Tokens are shared out by audio seconds, as the
 * fake bills them.
 */
export function idealFor(model: LatencyModel, requests: RecordedRequest[], totalTokens: number, concurrency: Concurrency): Ideal {
  // Auto may keep up to its ceiling in flight; its ideal is that of a client held to the same ceiling.
  const slots = concurrency === 'auto' ? autoCeiling : concurrency;
  const seconds = requests.filter((r) => r.outcome?.status === 200).map((r) => r.audioSeconds ?? 0);
  const audio = seconds.reduce((a, b) => a + b, 0);
  const jobs = seconds.map((s) => ({ duration: serverSeconds(model, s), tokens: audio > 0 ? (totalTokens * s) / audio : 0 }));
  const workBound = jobs.reduce((a, j) => a + j.duration, 0) / slots;
  const run = (tpm: number, rpm: number): number => simulate(jobs, slots, tpm, rpm);
  const full = run(model.tokensPerMinute, model.requestsPerMinute);
  const free = run(0, 0);
  let binding: Ideal['binding'] = 'server work';
  if (full > free * 1.001) binding = run(model.tokensPerMinute, 0) >= run(0, model.requestsPerMinute) ? 'token budget' : 'request budget';
  const budgetFloor = simulate(jobs, Math.max(1, jobs.length), model.tokensPerMinute, model.requestsPerMinute);
  return { seconds: full, binding, workBound, budgetFloor };
}

/** The makespan of `jobs` sent in order on `slots` slots under per-window budgets (0 turns one off). */
function simulate(jobs: { duration: number; tokens: number }[], slots: number, tpm: number, rpm: number): number {
  const free = new Array<number>(slots).fill(0);
  const sent: { at: number; tokens: number }[] = [];
  let end = 0;
  let last = 0;
  for (const job of jobs) {
    const slot = free.indexOf(Math.min(...free));
    // Requests go out in order, so none starts before the one ahead of it.
    let at = Math.max(free[slot], last);
    for (;;) {
      const inWindow = sent.filter((s) => s.at + windowSeconds > at);
      let wait = at;
      if (rpm > 0 && inWindow.length >= rpm) wait = Math.max(wait, inWindow[inWindow.length - rpm].at + windowSeconds);
      let total = inWindow.reduce((n, s) => n + s.tokens, 0);
      for (const s of inWindow) {
        if (tpm <= 0 || total + job.tokens <= tpm) break;
        total -= s.tokens;
        wait = Math.max(wait, s.at + windowSeconds);
      }
      if (wait === at) break;
      at = wait;
    }
    sent.push({ at, tokens: job.tokens });
    last = at;
    free[slot] = at + job.duration;
    end = Math.max(end, free[slot]);
  }
  return end;
}
