import { sleep } from './sleep';
import { cancelledError } from './apiErrors';

/** The account's budget and the clock to keep it with. */
export interface PacerOptions {
  /** Requests per sliding minute; 0 turns the limit off. */
  requestsPerMinute: number;
  /** Tokens (input plus output) per sliding minute; 0 turns the limit off. */
  tokensPerMinute: number;
  /** Requests in flight at once, at most. */
  concurrency: number;
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
}

/** Tokens the API counts per second of audio, in and out (documented). */
const audioTokensPerSecond = 12.5;
/** Text tokens per second of speech: a rough average over languages (not documented). */
const textTokensPerSecond = 3.5;
/** Successes in a row before a concurrency cut is partly undone. */
const successesToGrow = 3;
const minuteMs = 60_000;

interface Waiter {
  tokens: number;
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

  constructor(private readonly o: PacerOptions) {
    this.now = o.now ?? Date.now;
    this.windowMs = o.windowMs ?? minuteMs;
    this.sleep = o.sleep ?? sleep;
    this.limit = Math.max(1, Math.floor(o.concurrency));
  }

  /** Requests that may be in flight at once now (lowered after a 429). */
  get concurrency(): number {
    return this.limit;
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
  acquire(estimatedTokens: number, signal?: AbortSignal): Promise<Permit> {
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
        grant: (permit) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(permit);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Called after a 429: halves the concurrency, so the account's budget can recover. */
  onRateLimited(): void {
    this.limit = Math.max(1, Math.floor(this.limit / 2));
    this.streak = 0;
  }

  /** Called after a request succeeds; a few in a row raise the concurrency by one. */
  onSuccess(): void {
    this.streak++;
    if (this.streak < successesToGrow || this.limit >= this.o.concurrency) return;
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
    let wait = 0;
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
    return {
      release: (actualTokens?: number) => {
        if (released) return;
        released = true;
        if (actualTokens !== undefined && Number.isFinite(actualTokens) && actualTokens >= 0) record.tokens = actualTokens;
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
