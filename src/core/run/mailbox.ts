/**
 * An unbounded queue with one reader: writers `push`, the reader drains with `for await`.
 * The pipeline keeps one per piece so that pieces can run at the same time while their events
 * still come out in source order.
 */
export class Mailbox<T> {
  private items: T[] = [];
  private closed = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  /** Adds an item; ignored once the mailbox is closed. */
  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.notify();
  }

  /** Removes undelivered items that match, so a retried piece's stale deltas are never shown. */
  discard(match: (item: T) => boolean): void {
    this.items = this.items.filter((item) => !match(item));
  }

  /**
   * Replaces the undelivered items that match with the items `merge` makes of them, where the first
   * of them stood. Nothing changes when none match.
   */
  merge<M extends T>(match: (item: T) => item is M, merge: (matched: M[]) => T[]): void {
    const first = this.items.findIndex(match);
    if (first === -1) return;
    const matched = this.items.filter(match);
    const rest = this.items.filter((item) => !match(item));
    rest.splice(first, 0, ...merge(matched));
    this.items = rest;
  }

  /** Ends the stream after the items already queued. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  /** Ends the stream with an error, thrown to the reader after the items already queued. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.close();
  }

  async *drain(): AsyncGenerator<T> {
    for (;;) {
      while (this.items.length > 0) yield this.items.shift() as T;
      if (this.closed) {
        if (this.failure) throw this.failure.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
