import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TranslateEvent } from '../../../src/core/events';
import { ProgressSink } from '../../../src/vscode/run/progressSink';

type Report = { message?: string; increment?: number };

/** Waits until `check` holds, and fails saying `what` if it never does (the wait is generous: throttling is not under test). */
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > end) assert.fail(`the notification never said ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The notification's message while a run starts: it must not say "Cutting into pieces…" while text already flows. */
describe('the progress notification', () => {
  it('moves from "Cutting into pieces…" to the piece count as soon as the first words arrive', async () => {
    const reports: Report[] = [];
    const sink = new ProgressSink({ report: (r) => reports.push(r) });
    const started = { type: 'started', input: 'talk.wav', info: {}, outputs: {} } as unknown as TranslateEvent;
    sink.handle(started);
    sink.handle({ type: 'planned', pieces: 2, final: false });
    await until(() => reports.some((r) => r.message === 'Cutting into pieces…'), '"Cutting into pieces…"');
    sink.handle({ type: 'textDelta', index: 0, text: 'Guten ' });
    await until(() => reports.some((r) => r.message === '0/2+ pieces'), '"0/2+ pieces" once text flowed');
    const messages = reports.map((r) => r.message);
    assert.ok(messages.indexOf('0/2+ pieces') > messages.indexOf('Cutting into pieces…'));
    // Later words of the same piece leave the count alone until a piece is done.
    sink.handle({ type: 'textDelta', index: 0, text: 'Morgen.' });
    sink.handle({ type: 'progress', done: 1, total: 2, totalKnown: true, fraction: 0.5, elapsedMs: 10 });
    await until(() => reports.some((r) => r.message === '1/2 pieces'), '"1/2 pieces"');
    sink.dispose();
  });
});
