import { sleep } from './sleep';
import { cancelledError } from './apiErrors';

/** The account's budget and the clock to keep it with. */
export interface PacerOptions {
  /** Requests per sliding minute; 0 turns the limit off. */
  requestsPerMinute: number;
  /** Tokens (input plus output) per sliding minute; 0 turns the limit off. */
  tokensPerMinute: number;
  /**
   * Requests in flight at once, at most; `auto` lets the pacer choose from the budgets and the
   * latencies it observes, up to `autoCeiling`.
   */
  concurrency: number | 'auto';
  /** The window both budgets are counted over; 60,000 ms for the documented per-minute limits. */
  windowMs?: number;
  /** Milliseconds since some epoch; `Date.now` unless a test drives the clock. */
  now?: () => number;
  /** Resolves after `ms`, or rejects when `signal` fires; a timer unless a test drives the clock. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A granted request slot. Release it exactly once, when the request is over (extra calls are ignored). */
export interface Permit {
  /** Frees the slot and replaces the token estimate with the count the API reported, when known. */
  release(actualTokens?: number): void;
  /**
   * Says the answer has begun: the server counted the request by now, so its place in the windows
   * moves here from the moment it was granted. A slow upload (a busy machine, a slow uplink) then
   * cannot make the server count it later than the pacer does and meet a 429 at the window's edge.
   */
  answered(): void;
}

/** Tokens the API counts per second of audio, in and out (documented). */
const audioTokensPerSecond = 12.5;
/** Text tokens per second of speech: a rough average over languages (not documented). */
const textTokensPerSecond = 3.5;
/** Successes in a row before a concurrency cut is partly undone. */
const successesToGrow = 3;
const minuteMs = 60_000;
/** The most requests `auto` keeps in flight: enough to spend a minute's budget in seconds, few enough to bound memory. */
export const autoCeiling = 32;
/**
 * How many times the steady rate `auto` keeps in flight: the budgets are counted over a sliding
 * window, so a client that spends a window's budget in a quarter of it finishes sooner than one
 * that spreads it evenly, and the window itself stops it going over.
 */
const autoBurst = 4;
/** The weight of the newest latency and token count in their running averages. */
const averageWeight = 0.3;

interface Waiter {
  tokens: number;
  /** A retry after a 429: it goes ahead of the pieces that have not been sent yet. */
  first: boolean;
  grant: (permit: Permit) => void;
}

interface Spent {
  at: number;
  tokens: number;
}

/**
 * Schedules requests within the account's budget: a concurrency slot, and room in the sliding
 * 60-second windows of requests and tokens. Waiters are served first come, first served, so pieces
 * go out in source order. A 429 halves the concurrency (not below 1); a run of successes raises it
 * again one step at a time, up to the configured value.
 */
export class Pacer {
  private readonly now: () => number;
  private readonly windowMs: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly queue: Waiter[] = [];
  private readonly spent: Spent[] = [];
  private running = 0;
  private limit: number;
  private streak = 0;
  private timer: AbortController | undefined;
  private timerAt = 0;
  /** No request is granted before this time: the wait a 429 asked of the whole account. */
  private pausedUntil = 0;
  private readonly auto: boolean;
  /** The configured concurrency, or `autoCeiling` for `auto`: the limit never goes above it. */
  readonly ceiling: number;
  /** Running averages of how long a granted request takes and how many tokens it costs. */
  private latencyMs: number | undefined;
  private tokensPer: number | undefined;

  constructor(private readonly o: PacerOptions) {
    this.now = o.now ?? Date.now;
    this.windowMs = o.windowMs ?? minuteMs;
    this.sleep = o.sleep ?? sleep;
    this.auto = o.concurrency === 'auto';
    this.ceiling = o.concurrency === 'auto' ? autoCeiling : Math.max(1, Math.floor(o.concurrency));
    // Auto starts at its ceiling: the windows hold it to the budget, and a budget's windows repeat
    // the pattern of the first one, so a slow start would slow every minute of a long run.
    this.limit = this.auto ? this.target() : this.ceiling;
  }

  /** Requests that may be in flight at once now (lowered after a 429). */
  get concurrency(): number {
    return this.limit;
  }

  /**
   * What `auto` aims for: the requests the budgets let through per millisecond (the tighter of
   * requests and tokens, at the average request's tokens) times the observed latency, by
   * Little's law, times `autoBurst`; never above the ceiling nor the request budget itself.
   */
  private target(): number {
    if (this.latencyMs === undefined) return this.ceiling;
    const rpm = this.o.requestsPerMinute;
    const tpm = this.o.tokensPerMinute;
    let perWindow = rpm > 0 ? rpm : Infinity;
    if (tpm > 0 && this.tokensPer) perWindow = Math.min(perWindow, tpm / this.tokensPer);
    if (!Number.isFinite(perWindow)) return this.ceiling;
    const wanted = Math.ceil((perWindow / this.windowMs) * this.latencyMs * autoBurst);
    return Math.max(1, Math.min(this.ceiling, rpm > 0 ? rpm : Infinity, wanted));
  }

  /** True when the pacer chooses the concurrency itself (`auto`). */
  get adaptive(): boolean {
    return this.auto;
  }

  /** Requests in flight. */
  get inFlight(): number {
    return this.running;
  }

  /**
   * Waits for a slot and for room for `estimatedTokens` in the token window. A request bigger than
   * the whole token budget goes alone, once the window is empty. Rejects with 'cancelled' when
   * `signal` fires first.
   */
  acquire(estimatedTokens: number, signal?: AbortSignal, o: { first?: boolean } = {}): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(cancelledError());
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.queue.indexOf(waiter);
        if (at !== -1) this.queue.splice(at, 1);
        reject(cancelledError());
        this.pump();
      };
      const waiter: Waiter = {
        tokens: Math.max(0, estimatedTokens),
        first: o.first === true,
        grant: (permit) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(permit);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (waiter.first) {
        // After the other retries, ahead of every piece not yet sent: the output waits for it in order anyway.
        const at = this.queue.findIndex((w) => !w.first);
        this.queue.splice(at === -1 ? this.queue.length : at, 0, waiter);
      } else {
        this.queue.push(waiter);
      }
      this.pump();
    });
  }

  /**
   * Grants nothing for `ms`: a 429's wait holds for the whole account, so pieces not yet sent must
   * not spend the budget the retry is waiting for.
   */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + Math.max(0, ms));
    this.pump();
  }

  /** Called after a 429: halves the concurrency, so the account's budget can recover. */
  onRateLimited(): void {
    this.limit = Math.max(1, Math.floor(this.limit / 2));
    this.streak = 0;
  }

  /**
   * Called after a request succeeds. A fixed concurrency cut by a 429 grows back by one after a
   * few successes in a row; `auto` grows by one per success up to its target, since the pacer's
   * windows, not the concurrency, keep it within the budget.
   */
  onSuccess(): void {
    this.streak++;
    const top = this.auto ? this.target() : this.ceiling;
    if (this.limit > top) {
      // The observed latency says fewer would spend the budget as well: come down without a 429.
      this.limit = top;
      return;
    }
    if (!this.auto && this.streak < successesToGrow) return;
    if (this.limit >= top) return;
    this.limit++;
    this.streak = 0;
    this.pump();
  }

  /** Tokens one request is likely to cost: audio in, text out, and speech out when asked for. */
  estimateTokens(sourceSeconds: number, speech: boolean): number {
    // The API bills anything under a second as a second.
    const seconds = Math.max(1, sourceSeconds);
    const output = seconds * (textTokensPerSecond + (speech ? audioTokensPerSecond : 0));
    return Math.ceil(seconds * audioTokensPerSecond + output);
  }

  /** Grants waiters in order while the budget allows, and sets one timer for when it next will. */
  private pump(): void {
    for (;;) {
      const head = this.queue[0];
      if (!head || this.running >= this.limit) return this.stopTimer(head === undefined);
      const wait = this.waitFor(head.tokens);
      if (wait > 0) return this.startTimer(wait);
      this.queue.shift();
      head.grant(this.take(head.tokens));
    }
  }

  /** Milliseconds until the windows have room for one more request of `tokens`. */
  private waitFor(tokens: number): number {
    const now = this.now();
    while (this.spent.length > 0 && this.spent[0].at + this.windowMs <= now) this.spent.shift();
    const rpm = this.o.requestsPerMinute;
    const tpm = this.o.tokensPerMinute;
    let wait = Math.max(0, this.pausedUntil - now);
    if (rpm > 0 && this.spent.length >= rpm) wait = this.spent[this.spent.length - rpm].at + this.windowMs - now;
    if (tpm > 0 && this.spent.length > 0) {
      // Frees the oldest records until the rest plus this request fit (or the window is empty).
      let total = this.spent.reduce((sum, s) => sum + s.tokens, 0);
      for (const s of this.spent) {
        if (total + tokens <= tpm) break;
        total -= s.tokens;
        wait = Math.max(wait, s.at + this.windowMs - now);
      }
    }
    return wait;
  }

  private take(tokens: number): Permit {
    const record: Spent = { at: this.now(), tokens };
    this.spent.push(record);
    this.running++;
    let released = false;
    const granted = record.at;
    return {
      answered: () => {
        if (!released) record.at = Math.max(record.at, this.now());
      },
      release: (actualTokens?: number) => {
        if (released) return;
        released = true;
        if (actualTokens !== undefined && Number.isFinite(actualTokens) && actualTokens >= 0) {
          record.tokens = actualTokens;
          // Only answered requests teach the averages: a failure's time and tokens say nothing of the next request.
          this.latencyMs = average(this.latencyMs, this.now() - granted);
          this.tokensPer = average(this.tokensPer, actualTokens);
        }
        this.running--;
        this.pump();
      },
    };
  }

  /** Wakes the pump in `ms`, unless an earlier wake-up is already set. */
  private startTimer(ms: number): void {
    const at = this.now() + ms;
    if (this.timer && this.timerAt <= at) return;
    this.timer?.abort();
    const timer = new AbortController();
    this.timer = timer;
    this.timerAt = at;
    this.sleep(ms, timer.signal).then(
      () => {
        if (this.timer !== timer) return;
        this.timer = undefined;
        this.pump();
      },
      () => undefined,
    );
  }

  /** Stops the window timer when nobody waits any more, so an idle pacer keeps no timer alive. */
  private stopTimer(idle: boolean): void {
    if (!idle || !this.timer) return;
    this.timer.abort();
    this.timer = undefined;
  }
}

function average(old: number | undefined, value: number): number {
  return old === undefined ? value : old + averageWeight * (value - old);
}
