import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs } from '../../../src/core/api/backoff';

describe('backoffMs', () => {
  it('picks uniformly below a ceiling that doubles per attempt', () => {
    assert.equal(backoffMs(1, { random: () => 0.999999 }), 1000);
    assert.equal(backoffMs(2, { random: () => 0.999999 }), 2000);
    assert.equal(backoffMs(4, { random: () => 0.5 }), 4000);
    assert.equal(backoffMs(3, { random: () => 0 }), 0);
    assert.equal(backoffMs(2, { baseMs: 100, random: () => 0.5 }), 100);
  });

  it('never goes above the cap, however many attempts', () => {
    assert.equal(backoffMs(50, { random: () => 0.999999 }), 60_000);
    assert.equal(backoffMs(5000, { capMs: 5000, random: () => 0.999999 }), 5000);
    for (let attempt = 0; attempt < 40; attempt++) {
      const ms = backoffMs(attempt);
      assert.ok(ms >= 0 && ms <= 60_000 && Number.isFinite(ms), `${attempt}: ${ms}`);
    }
  });

  it('never waits less than Retry-After, adding at most one base of jitter', () => {
    assert.equal(backoffMs(1, { retryAfterMs: 5000, random: () => 0 }), 5000);
    assert.equal(backoffMs(6, { retryAfterMs: 5000, random: () => 0.999999 }), 6000);
    assert.equal(backoffMs(1, { retryAfterMs: 120_000, random: () => 0 }), 120_000, 'the server wins over the cap');
    for (let i = 0; i < 100; i++) {
      const ms = backoffMs(1 + (i % 5), { retryAfterMs: 1500 });
      assert.ok(ms >= 1500 && ms <= 2500, String(ms));
    }
  });
});
