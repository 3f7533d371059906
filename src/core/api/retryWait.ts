import { TranslateError } from '../errors';
import { backoffMs } from './backoff';

/**
 * The longest wait a run makes before sending a piece again. A server that asks for more (a daily
 * quota's Retry-After of a day, say) is told no: the run stops and says what it asked for, since a
 * translation that sits silent for hours helps nobody.
 */
export const longestWaitMs = 5 * 60_000;

/**
 * The ceiling of the first wait after a 429 that names none. Rate limits are counted per minute, so
 * waits of a second or two meet the same full window again; doubling from here, the default retries
 * together span about the minute a limit is counted over.
 */
const rateLimitBaseMs = 10_000;

/**
 * How long to wait before retry number `attempt` (from 1) after the transient error `e`, or the
 * error to stop with when the server asked for a wait longer than `longestWaitMs`.
 */
export function retryWait(e: TranslateError, attempt: number, random: () => number = Math.random): { delayMs: number } | { stop: TranslateError } {
  if (e.retryAfterMs !== undefined && e.retryAfterMs > longestWaitMs) {
    const advice = e.reason === 'rateLimited' ? "Try again later, or check the account's rate limits in the Model Studio console." : 'Try again later.';
    const what = `${withoutStop(e.message)}, and the API asked to wait ${duration(e.retryAfterMs)} before trying again, longer than a run waits (${duration(longestWaitMs)}). ${advice}`;
    return { stop: new TranslateError(e.reason, what, { status: e.status, detail: e.detail, range: e.range, retryAfterMs: e.retryAfterMs, cause: e }) };
  }
  if (e.reason === 'rateLimited' && e.retryAfterMs === undefined) {
    // Half the ceiling for certain and half at random: pieces that met the limit together still spread out.
    const ceiling = Math.min(120_000, rateLimitBaseMs * 2 ** Math.max(0, attempt - 1));
    return { delayMs: Math.round(ceiling / 2 + random() * (ceiling / 2)) };
  }
  return { delayMs: backoffMs(attempt, { retryAfterMs: e.retryAfterMs, random }) };
}

/** A rate limit that retries did not get past, with what the person can do about it. */
export function rateLimitAdvice(e: TranslateError, retries: number): TranslateError {
  if (e.reason !== 'rateLimited') return e;
  const tried = retries === 0 ? '' : `, and ${retries} ${retries === 1 ? 'retry' : 'retries'} did not get through`;
  const what = `${withoutStop(e.message)}${tried}. To go on, lower the concurrency or check the account's rate limits in the Model Studio console.`;
  return new TranslateError(e.reason, what, { status: e.status, detail: e.detail, range: e.range, retryAfterMs: e.retryAfterMs, cause: e });
}

function withoutStop(message: string): string {
  return message.replace(/\.$/, '');
}

/** "24 h", "5 min" or "90 s". */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 3600) return `${(s / 3600).toFixed(1)} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}
