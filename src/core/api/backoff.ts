/** How long to wait before another attempt. */
export interface BackoffOptions {
  /** The server's Retry-After, in milliseconds; the wait is never shorter. */
  retryAfterMs?: number;
  /** The ceiling of the first attempt's wait; doubles each attempt. Default 1 s. */
  baseMs?: number;
  /** The largest ceiling, however many attempts. Default 60 s. */
  capMs?: number;
  /** A number in [0, 1); injected by tests. */
  random?: () => number;
}

/**
 * The wait before retry number `attempt` (1 for the first retry): exponential with full jitter, a
 * uniform pick in [0, min(cap, base·2^(attempt−1))), so pieces that failed together do not all
 * return together. When the server named a wait, that wait comes first and at most one `baseMs`
 * of jitter is added on top, for the same reason.
 */
export function backoffMs(attempt: number, o: BackoffOptions = {}): number {
  const base = o.baseMs ?? 1000;
  const cap = o.capMs ?? 60_000;
  const random = o.random ?? Math.random;
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(cap, base * 2 ** Math.min(exponent, 30));
  if (o.retryAfterMs !== undefined && o.retryAfterMs > 0) {
    return Math.ceil(o.retryAfterMs + random() * Math.min(base, ceiling));
  }
  return Math.round(random() * ceiling);
}
