import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { TranslateError } from '../../../src/core/errors';
import type { TranslateEvent } from '../../../src/core/events';
import type { RequestPolicy, TranslateJob } from '../../../src/core/job';
import { translate } from '../../../src/core/translate';
import { engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech, type GeneratedMedia } from '../../fakes/media';

const key = 'sk-test-answer-limits-0123456789';

/** Every event of a run, cancelled after `ms` so that a run that would hang fails the test instead. */
async function eventsWithin(job: TranslateJob, ms = 20_000): Promise<TranslateEvent[]> {
  const events: TranslateEvent[] = [];
  for await (const ev of translate(job, AbortSignal.timeout(ms))) events.push(ev);
  return events;
}

describe('answers that never end or never stop growing', () => {
  let api: FakeApi;
  let dir: string;
  let short: GeneratedMedia;

  const job = (policy: Partial<RequestPolicy> = {}, speech = false): TranslateJob => {
    const j = engineJob(short.file, { apiKey: key, baseUrl: api.baseUrl, dir }, { stallSeconds: 10, ...policy });
    return speech ? { ...j, voice: 'Cherry', formats: ['srt', 'wav'] } : j;
  };

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-limits-'));
    short = await makeSpeech({ dir, name: 'short', segments: [{ text: 'Good morning everyone, and welcome to the meeting.', at: 0.4 }] });
  });
  beforeEach(() => {
    api.faults.length = 0;
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops a stream of keep-alive comments at the stall timeout and sends the piece again', async () => {
    api.faults.push({ kind: 'keepAlive', afterChunks: 1, everyMs: 100 });
    const events = await eventsWithin(job({ stallSeconds: 1 }));
    const retry = events.find((ev) => ev.type === 'pieceRetry');
    assert.ok(retry?.type === 'pieceRetry', 'the piece was sent again');
    assert.match(retry.reason, /^Piece 00:00–\d\d:\d\d: the API sent nothing for 1\.0 s/);
    assert.ok(events.some((ev) => ev.type === 'done'));
  });

  it('stops an answer that trickles in byte by byte at the stall timeout, and sends the piece again', async () => {
    // Bytes keep coming, but no whole event for far longer than the stall timeout.
    api.faults.push({ kind: 'trickle', afterChunks: 2, byteEveryMs: 20 });
    const events = await eventsWithin(job({ stallSeconds: 1 }));
    const retry = events.find((ev) => ev.type === 'pieceRetry');
    assert.ok(retry?.type === 'pieceRetry', 'the piece was sent again');
    assert.match(retry.reason, /^Piece 00:00–\d\d:\d\d: the API sent nothing for 1\.0 s/);
    assert.ok(events.some((ev) => ev.type === 'done'));
  });

  it('stops a slow answer at the deadline its audio allows, and sends the piece again', async () => {
    // Every chunk comes well within the stall timeout, but the whole answer takes far longer than
    // its piece's audio.
    api.faults.push({ kind: 'slowChunks', everyMs: 1000 });
    const events = await eventsWithin(job({ stallSeconds: 3, deadlineFactor: 0.1 }));
    const retry = events.find((ev) => ev.type === 'pieceRetry');
    assert.ok(retry?.type === 'pieceRetry', 'the piece was sent again');
    assert.match(retry.reason, /^Piece 00:00–\d\d:\d\d: the answer took longer than \d+(\.\d)? s/);
    assert.ok(events.some((ev) => ev.type === 'done'));
  });

  it('fails a piece whose answer holds far more speech than its length allows, and caches nothing', async () => {
    api.faults.push({ kind: 'hugeSpeech', bytes: 16 << 20 });
    const cacheDir = fs.mkdtempSync(path.join(dir, 'cache-'));
    await assert.rejects(eventsWithin({ ...job({}, true), cacheDir }), (e: unknown) => {
      assert.ok(TranslateError.is(e, 'answerTooLarge'), String(e));
      assert.match(e.message, /^Piece 00:00–\d\d:\d\d: the API sent over \d+\.\d MB of speech, far more than a \d+ s piece can hold/);
      return true;
    });
    const files = fs.readdirSync(cacheDir, { recursive: true }) as string[];
    assert.ok(!files.some((f) => f.endsWith('.json')), 'nothing was cached');
  });

  it('fails a piece whose answer is one endless line', async () => {
    api.faults.push({ kind: 'hugeLine', bytes: 16 << 20 });
    await assert.rejects(eventsWithin(job()), (e: unknown) => {
      assert.ok(TranslateError.is(e, 'answerTooLarge'), String(e));
      assert.match(e.message, /^Piece 00:00–\d\d:\d\d: the API sent a line of over \d+\.\d MB, far more than a \d+ s piece can hold/);
      return true;
    });
  });
});
