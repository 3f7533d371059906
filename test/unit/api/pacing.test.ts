import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autoCeiling, Pacer, type Permit } from '../../../src/core/api/pacing';
import { TranslateError } from '../../../src/core/errors';

/** A clock that moves only when told to, with the timers the pacer sets on it. */
class FakeClock {
  time = 0;
  private timers: { at: number; resolve: () => void }[] = [];
  now = (): number => this.time;
  sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = { at: this.time + ms, resolve };
      this.timers.push(timer);
      signal.addEventListener('abort', () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(new Error('aborted'));
      });
    });
  get pending(): number {
    return this.timers.length;
  }
  /** Moves time on by `ms`, firing due timers, and lets the promises that wake settle. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.resolve();
    await settle();
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Starts an acquire and reports whether (and when) it was granted. */
function track(pacer: Pacer, clock: FakeClock, tokens: number, signal?: AbortSignal) {
  const state: { permit?: Permit; at?: number; error?: unknown } = {};
  pacer.acquire(tokens, signal).then(
    (permit) => {
      state.permit = permit;
      state.at = clock.time;
    },
    (e: unknown) => (state.error = e),
  );
  return state;
}

function make(o: { rpm?: number; tpm?: number; concurrency?: number | 'auto' }): { pacer: Pacer; clock: FakeClock } {
  const clock = new FakeClock();
  const pacer = new Pacer({ requestsPerMinute: o.rpm ?? 0, tokensPerMinute: o.tpm ?? 0, concurrency: o.concurrency ?? 4, now: clock.now, sleep: clock.sleep });
  return { pacer, clock };
}

describe('Pacer', () => {
  it('holds requests beyond the concurrency until a slot is released, first come first served', async () => {
    const { pacer, clock } = make({ concurrency: 2 });
    const a = track(pacer, clock, 10);
    const b = track(pacer, clock, 10);
    const c = track(pacer, clock, 10);
    const d = track(pacer, clock, 10);
    await settle();
    assert.ok(a.permit && b.permit && !c.permit && !d.permit);
    assert.equal(pacer.inFlight, 2);
    a.permit.release();
    a.permit.release(); // A second release is ignored.
    await settle();
    assert.ok(c.permit && !d.permit, 'the earlier waiter goes first, and only one');
  });

  it('keeps to the requests-per-minute window', async () => {
    const { pacer, clock } = make({ rpm: 2, concurrency: 10 });
    const first = [track(pacer, clock, 1), track(pacer, clock, 1)];
    const third = track(pacer, clock, 1);
    await settle();
    assert.ok(first.every((s) => s.permit) && !third.permit);
    for (const s of first) s.permit?.release();
    await clock.advance(59_999);
    assert.ok(!third.permit, 'a release does not free room in the window');
    await clock.advance(1);
    assert.equal(third.at, 60_000);
  });

  it('counts a request in the windows from when its answer began, since the server counts it on arrival', async () => {
    const { pacer, clock } = make({ rpm: 1, concurrency: 10 });
    const a = track(pacer, clock, 1);
    const b = track(pacer, clock, 1);
    await settle();
    assert.ok(a.permit && !b.permit);
    // The upload took two seconds: the server counted the request then, not when the slot was granted.
    await clock.advance(2000);
    a.permit.answered();
    a.permit.release(1);
    await clock.advance(58_000);
    assert.ok(!b.permit, 'not yet a minute since the server counted the first request');
    await clock.advance(2000);
    assert.equal(b.at, 62_000);
  });

  it('keeps to the tokens-per-minute window, corrected by the tokens actually used', async () => {
    const { pacer, clock } = make({ tpm: 1000, concurrency: 10 });
    const a = track(pacer, clock, 600);
    const b = track(pacer, clock, 600);
    await settle();
    assert.ok(a.permit && !b.permit);
    await clock.advance(10_000);
    assert.ok(!b.permit);
    a.permit.release(150);
    await settle();
    assert.equal(b.at, 10_000, 'the usage report made room at once');
    const c = track(pacer, clock, 300);
    await clock.advance(49_999);
    assert.ok(!c.permit, '150 + 600 + 300 is over budget');
    await clock.advance(1);
    assert.equal(c.at, 60_000, 'room once the first request left the window');
    const d = track(pacer, clock, 600);
    await clock.advance(9_999);
    assert.ok(!d.permit);
    await clock.advance(1);
    assert.equal(d.at, 70_000, 'room once the second request left the window too');
  });

  it('lets a request bigger than the whole budget go alone', async () => {
    const { pacer, clock } = make({ tpm: 1000 });
    const big = track(pacer, clock, 5000);
    const next = track(pacer, clock, 10);
    await settle();
    assert.ok(big.permit && !next.permit);
    big.permit.release();
    await clock.advance(60_000);
    assert.equal(next.at, 60_000);
  });

  it('rejects a waiting acquire with cancelled and serves the next waiter', async () => {
    const { pacer, clock } = make({ concurrency: 1 });
    const a = track(pacer, clock, 1);
    const controller = new AbortController();
    const b = track(pacer, clock, 1, controller.signal);
    const c = track(pacer, clock, 1);
    await settle();
    controller.abort();
    await settle();
    assert.ok(TranslateError.is(b.error, 'cancelled'));
    a.permit?.release();
    await settle();
    assert.ok(c.permit);
    await assert.rejects(pacer.acquire(1, AbortSignal.abort()), (e: unknown) => TranslateError.is(e, 'cancelled'));
  });

  it('drops its window timer when nobody waits any more', async () => {
    const { pacer, clock } = make({ rpm: 1 });
    track(pacer, clock, 1);
    const controller = new AbortController();
    track(pacer, clock, 1, controller.signal);
    await settle();
    assert.equal(clock.pending, 1);
    controller.abort();
    await settle();
    assert.equal(clock.pending, 0);
  });

  it('halves the concurrency on a 429 and wins it back after successes', async () => {
    const { pacer } = make({ concurrency: 8 });
    pacer.onRateLimited();
    assert.equal(pacer.concurrency, 4);
    pacer.onRateLimited();
    pacer.onRateLimited();
    pacer.onRateLimited();
    assert.equal(pacer.concurrency, 1, 'never below one');
    pacer.onSuccess();
    pacer.onSuccess();
    assert.equal(pacer.concurrency, 1);
    pacer.onSuccess();
    assert.equal(pacer.concurrency, 2);
    for (let i = 0; i < 100; i++) pacer.onSuccess();
    assert.equal(pacer.concurrency, 8, 'never above the configured value');
  });

  it('grants held requests when the concurrency grows back', async () => {
    const { pacer, clock } = make({ concurrency: 2 });
    pacer.onRateLimited();
    const a = track(pacer, clock, 1);
    const b = track(pacer, clock, 1);
    await settle();
    assert.ok(a.permit && !b.permit);
    for (let i = 0; i < 3; i++) pacer.onSuccess();
    await settle();
    assert.ok(b.permit);
  });

  it('auto: halves the concurrency on a 429 and raises it with each success until the budget is used', async () => {
    // A request takes 5 s and the budget is 120 a minute: spending it in a quarter of the minute needs 40 at once, more than the ceiling.
    const { pacer, clock } = make({ rpm: 120, tpm: 0, concurrency: 'auto' });
    assert.ok(pacer.adaptive);
    assert.equal(pacer.concurrency, autoCeiling, 'starts at the ceiling: the windows hold it to the budget');
    pacer.onRateLimited();
    pacer.onRateLimited();
    const start = pacer.concurrency;
    const sent: ReturnType<typeof track>[] = [];
    const rounds: number[] = [];
    for (let round = 0; round < 6; round++) {
      while (sent.filter((s) => !s.permit).length < autoCeiling) sent.push(track(pacer, clock, 1));
      await settle();
      const granted = sent.filter((s) => s.permit && !(s as { done?: boolean }).done);
      rounds.push(granted.length);
      await clock.advance(5000);
      for (const s of granted) {
        s.permit?.release(100);
        (s as { done?: boolean }).done = true;
        pacer.onSuccess();
      }
      await settle();
    }
    assert.equal(rounds[0], start);
    assert.ok(rounds[1] > rounds[0] && rounds[2] > rounds[1], `rises round by round: ${rounds.join(', ')}`);
    assert.equal(pacer.concurrency, autoCeiling, 'up to the ceiling, since the budget has room for more');
    pacer.onRateLimited();
    assert.equal(pacer.concurrency, autoCeiling / 2);
    pacer.onSuccess();
    assert.equal(pacer.concurrency, autoCeiling / 2 + 1, 'and grows again with each success');
  });

  it('auto: keeps no more in flight than the budget can use at the latency it sees', async () => {
    // 12 requests a minute at 5 s each: four at once spend the minute's budget in a quarter of it.
    const { pacer, clock } = make({ rpm: 12, tpm: 0, concurrency: 'auto' });
    for (let i = 0; i < 20; i++) {
      const s = track(pacer, clock, 1);
      await settle();
      if (!s.permit) await clock.advance(60_000);
      await clock.advance(5000);
      s.permit?.release(100);
      pacer.onSuccess();
    }
    assert.equal(pacer.concurrency, 4);
  });

  it('estimates 12.5 tokens per second in, 3.5 text and 12.5 audio per second out', () => {
    const { pacer } = make({});
    assert.equal(pacer.estimateTokens(10, false), 160);
    assert.equal(pacer.estimateTokens(10, true), 285);
    assert.equal(pacer.estimateTokens(0.2, false), 16, 'under a second counts as a second');
  });
});
