import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { Transcript } from '../../../src/vscode/transcript';

/** The calls a Transcript makes on its channel, in order. */
function recordingChannel(): { channel: vscode.OutputChannel; writes: string[]; shown: number } {
  const record = { writes: [] as string[], shown: 0 };
  const channel = {
    append: (text: string) => record.writes.push(text),
    show: () => record.shown++,
    dispose: () => undefined,
  } as unknown as vscode.OutputChannel;
  return Object.assign(record, { channel });
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 400));

describe('the transcript channel', () => {
  it('writes a stream of small appends to the channel together, in order', async () => {
    const c = recordingChannel();
    const t = new Transcript(c.channel);
    for (let i = 0; i < 200; i++) t.append(`${i} `);
    t.appendLine('end');
    // What a test or the Show Output command reads is there at once.
    assert.ok(t.text().endsWith('199 end\n'));
    await settle();
    assert.equal(c.writes.length, 1, 'one write to the channel for the whole stream');
    assert.equal(c.writes.join(''), t.text());
  });

  it('writes what waits before it shows the channel, and when it is disposed', () => {
    const c = recordingChannel();
    const t = new Transcript(c.channel);
    t.append('first');
    t.show();
    assert.deepEqual(c.writes, ['first']);
    t.append(' second');
    t.dispose();
    assert.deepEqual(c.writes, ['first', ' second']);
  });

  it('keeps its last megabyte for the test hook, cut back in large steps', () => {
    const t = new Transcript(recordingChannel().channel);
    const line = `${'x'.repeat(99)}\n`;
    for (let i = 0; i < 25_000; i++) t.append(line);
    const text = t.text();
    assert.equal(text.length, 1_000_000);
    assert.ok(text.endsWith(line));
    t.dispose();
  });
});
