import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RequestPolicy, TranslateJob } from '../../../src/core/job';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi, type RecordedRequest } from '../../fakes/fakeApi';
import { makeLongSpeech, type GeneratedMedia } from '../../fakes/media';

const key = 'sk-test-resilience-rate-0123456789';

/** Requests the fake was streaming an answer to at `t` (a 429 is answered at once, so it never counts). */
function streamingAt(requests: RecordedRequest[], t: number, except: RecordedRequest): number {
  return requests.filter((q) => q !== except && q.outcome?.status === 200 && q.at < t && q.at + q.outcome.durationMs > t).length;
}

describe('rate limits', () => {
  let api: FakeApi;
  let dir: string;
  let lecture: GeneratedMedia;

  const job = (policy: Partial<RequestPolicy>): TranslateJob => engineJob(lecture.file, { apiKey: key, baseUrl: api.baseUrl, dir }, { stallSeconds: 10, ...policy });
  const collect = collectEvents;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-rate-'));
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 3 });
  });
  beforeEach(() => {
    api.faults.length = 0;
    api.setOptions({ ttftMs: 0, workPerSourceSecondMs: 0, requestsPerMinute: 0, tokensPerMinute: 0, rateWindowMs: 60_000 });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finishes a long file under a tight request and token budget, paced to it, with every 429 absorbed', async (t) => {
    // The account's budget, on a two-second window so the test runs in seconds instead of minutes:
    // four requests and 2,000 tokens, about four 15-second pieces.
    const budget = { requestsPerMinute: 4, tokensPerMinute: 2000 };
    api.setOptions({ ...budget, rateWindowMs: 2000, ttftMs: 20 });

    // Told the budget, the engine spaces its requests to it.
    let first = api.requests.length;
    const events = await collect(job({ ...budget, rateWindowSeconds: 2 }));
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    const paced = api.requests.slice(first);
    const pacedLimited = paced.filter((q) => q.outcome?.status === 429).length;
    assert.equal(done.summary.requests, paced.length);
    assert.equal(paced.length - pacedLimited, done.summary.pieces, 'every piece answered once');
    assert.equal(done.summary.retries, pacedLimited, 'every 429 was retried, none failed the run');

    // Not told, it still finishes, but only thanks to many more retries.
    api.setOptions({ requestsPerMinute: 0 });
    api.setOptions({ ...budget, rateWindowMs: 2000 });
    first = api.requests.length;
    const unpacedEvents = await collect(job({}));
    const unpacedDone = unpacedEvents.at(-1);
    assert.ok(unpacedDone?.type === 'done');
    const unpaced = api.requests.slice(first);
    const unpacedLimited = unpaced.filter((q) => q.outcome?.status === 429).length;
    assert.equal(unpaced.length - unpacedLimited, unpacedDone.summary.pieces);
    t.diagnostic(`${done.summary.pieces} pieces: ${pacedLimited} 429s paced, ${unpacedLimited} unpaced`);
    assert.ok(pacedLimited < unpacedLimited, `${pacedLimited} 429s paced, ${unpacedLimited} unpaced`);
  });

  it('lowers the concurrency after a 429, says so, and raises it again after successes', async () => {
    api.setOptions({ ttftMs: 400 });
    api.faults.push({ kind: '429', retryAfterSeconds: 1 });
    const first = api.requests.length;
    const events = await collect(job({ concurrency: 2 }));
    assert.equal(events.at(-1)?.type, 'done');
    const sent = api.requests.slice(first);
    const [limited] = sent;
    assert.equal(limited.outcome?.status, 429);
    // The slot the 429 freed is not handed on: the next request waits until the other one is done.
    const third = sent[2];
    assert.equal(streamingAt(sent, third.at, third), 0, 'nothing else ran when the request after the 429 was sent');
    const note = events.find((e) => e.type === 'note' && /rate limit/.test(e.message));
    assert.ok(note?.type === 'note');
    assert.match(note.message, /sending at most 1 piece at a time/);
    // Once requests succeed again, two run at once again: while the limit is 1 no request starts
    // beside another (asserted above), so one that does shows the limit has grown back. How many
    // of the last few overlap depends on how the run's timing falls on a loaded machine.
    const overlapping = sent.slice(3).filter((q) => streamingAt(sent, q.at + 50, q) >= 1);
    const timeline = sent.map((q) => `${q.at - sent[0].at}+${q.outcome?.durationMs ?? '?'} ms (${q.outcome?.status ?? '?'})`).join(', ');
    assert.ok(overlapping.length >= 1, `no later request ran beside another: ${timeline}`);
  });
});
