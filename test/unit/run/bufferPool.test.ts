import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BufferPool } from '../../../src/core/run/bufferPool';

describe('BufferPool', () => {
  it('hands out exactly the bytes asked for, and reuses a buffer given back', () => {
    const pool = new BufferPool();
    const a = pool.take(1_000_000);
    assert.equal(a.length, 1_000_000);
    pool.give(a);
    const b = pool.take(900_000);
    assert.equal(b.length, 900_000);
    assert.equal(b.buffer, a.buffer);
  });

  it('never hands out one buffer to two takers', () => {
    const pool = new BufferPool();
    const a = pool.take(300_000);
    pool.give(a);
    pool.give(a);
    const b = pool.take(300_000);
    const c = pool.take(300_000);
    assert.notEqual(b.buffer, c.buffer);
    // Given back while taken again: the second give is a stale one and must not free it.
    pool.give(b);
    const d = pool.take(300_000);
    pool.give(b);
    assert.notEqual(pool.take(300_000).buffer, d.buffer);
  });

  it('ignores a buffer it did not make', () => {
    const pool = new BufferPool();
    const foreign = Buffer.alloc(2_000_000);
    pool.give(foreign);
    assert.notEqual(pool.take(1000).buffer, foreign.buffer);
  });

  it('keeps at most its limit of free buffers, the largest ones', () => {
    const pool = new BufferPool(2);
    const sizes = [300_000, 600_000, 1_200_000];
    const taken = sizes.map((n) => pool.take(n));
    for (const b of taken) pool.give(b);
    const again = [pool.take(1), pool.take(1), pool.take(1)];
    assert.deepEqual(
      again.map((b) => taken.findIndex((t) => t.buffer === b.buffer)),
      [1, 2, -1],
      'the smallest free buffer gave way; the third take is a new buffer',
    );
  });
});
