import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgressReporter } from '../../../src/cli/progress';

/** What a reporter writes to a stream that is not a terminal, as a log or CI captures it. */
function written(handle: (r: ProgressReporter) => void): string {
  let out = '';
  const stream = { isTTY: false, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  handle(new ProgressReporter(stream, 'talk.mp4'));
  return out;
}

describe('the progress reporter', () => {
  it('gives the wait before a retry, and none for a piece split at the output limit, which goes again at once', () => {
    const out = written((r) => {
      r.handle({ type: 'pieceRetry', index: 0, attempt: 1, reason: 'Piece 00:00–00:30: the API is busy (HTTP 503).', delayMs: 2500 });
      r.handle({ type: 'pieceRetry', index: 1, attempt: 1, reason: 'The answer for 00:30–01:00 reached the output limit; translating it in two halves.', delayMs: 0 });
    });
    assert.equal(
      out,
      'talk.mp4: Piece 00:00–00:30: the API is busy (HTTP 503). Retrying in 2.5 s.\ntalk.mp4: The answer for 00:30–01:00 reached the output limit; translating it in two halves.\n',
    );
  });
});
