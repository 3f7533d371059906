/**
 * The large buffers a run needs again and again (each piece's audio read from the spool, each
 * request's body), handed back and reused instead of allocated afresh. V8 counts every buffer
 * allocated since its last full collection against a limit it sets from the size of the JS heap,
 * which in the engine is small: a fresh buffer of a megabyte or more per piece made it start a full
 * collection every few pieces (docs/benchmarks.md, issue 16). Reused buffers are not counted again.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];
  /**
   * What `take` returned and is not yet given back. A second `give` of the same view, after its
   * memory went to someone else, is ignored, so no memory is ever in two hands.
   */
  private readonly out = new WeakSet<Buffer>();

  /** `keep`: how many free buffers are held at most; more come back only while pieces pile up. */
  constructor(private readonly keep = 8) {}

  /** `bytes` bytes of a pooled buffer, their contents left as they were. */
  take(bytes: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      if (this.free[i].length >= bytes && (best === -1 || this.free[i].length < this.free[best].length)) best = i;
    }
    // Rounded up, so that a buffer made for one piece fits the next one of about the same length.
    const whole = best === -1 ? Buffer.allocUnsafeSlow(Math.ceil(Math.max(bytes, 1) / sizeStep) * sizeStep) : this.free.splice(best, 1)[0];
    const taken = whole.subarray(0, bytes);
    this.out.add(taken);
    return taken;
  }

  /**
   * Hands back what `take` returned (that very view), once nothing reads or writes it any more;
   * anything else is ignored.
   */
  give(taken: Buffer): void {
    if (!this.out.has(taken)) return;
    this.out.delete(taken);
    const whole = Buffer.from(taken.buffer, 0, taken.buffer.byteLength);
    if (this.free.length < this.keep) {
      this.free.push(whole);
      return;
    }
    // Full: the larger buffer stays, since it fits more pieces.
    const smallest = this.free.reduce((at, b, i) => (b.length < this.free[at].length ? i : at), 0);
    if (this.free[smallest].length < whole.length) this.free[smallest] = whole;
  }
}

const sizeStep = 256 * 1024;
