import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { autoCeiling } from '../../../src/core/api/pacing';
import type { RequestPolicy, TranslateJob } from '../../../src/core/job';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeLongSpeech, type GeneratedMedia } from '../../fakes/media';

const key = 'sk-test-auto-concurrency-0123456789';

describe('auto concurrency', () => {
  let api: FakeApi;
  let dir: string;
  let lecture: GeneratedMedia;
  let talk: GeneratedMedia;

  const job = (policy: Partial<RequestPolicy>): TranslateJob => engineJob(lecture.file, { apiKey: key, baseUrl: api.baseUrl, dir }, { stallSeconds: 10, ...policy });

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-auto-'));
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 8 });
    talk = await makeLongSpeech({ dir, name: 'talk', minutes: 3 });
  });
  beforeEach(() => {
    api.faults.length = 0;
    api.setOptions({ ttftMs: 300, workPerSourceSecondMs: 10, requestsPerMinute: 0, tokensPerMinute: 0, rateWindowMs: 60_000 });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is the default, and keeps more pieces in flight than a fixed 4 when the budget has room', async () => {
    const fixed = await startFakeApi({ apiKey: key, ttftMs: 300, workPerSourceSecondMs: 10 });
    try {
      const events = await collectEvents(engineJob(lecture.file, { apiKey: key, baseUrl: fixed.baseUrl, dir }, { concurrency: 4 }));
      assert.equal(events.at(-1)?.type, 'done');
      assert.ok(fixed.maxInFlight <= 4);
    } finally {
      await fixed.close();
    }
    // A budget of a thousand requests a minute has room for many short requests at once.
    const auto = job({ requestsPerMinute: 1000 });
    assert.equal(auto.policy.concurrency, 'auto');
    const events = await collectEvents(auto);
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    assert.ok(done.summary.pieces > 8, `${done.summary.pieces} pieces`);
    assert.ok(api.maxInFlight > 4 && api.maxInFlight <= autoCeiling, `${api.maxInFlight} in flight at most`);
    assert.equal(done.summary.retries, 0, 'the budget was never exceeded');
  });

  it('finishes a long file on an account whose budget is far tighter than the settings say, with no failed piece', async () => {
    // Two requests a second, where the job believes in a hundred a minute: most early requests meet a 429.
    api.setOptions({ ttftMs: 50, workPerSourceSecondMs: 0, requestsPerMinute: 2, rateWindowMs: 1000 });
    const first = api.requests.length;
    const events = await collectEvents(job({ maxRetries: 3 }));
    const done = events.at(-1);
    assert.ok(done?.type === 'done', 'the run finished');
    const sent = api.requests.slice(first);
    const limited = sent.filter((q) => q.outcome?.status === 429).length;
    assert.ok(limited > 3, `${limited} 429s: more than one piece's retries`);
    assert.equal(sent.length - limited, done.summary.pieces, 'every piece answered once');
    const note = events.find((e) => e.type === 'note' && /rate limit/.test(e.message));
    assert.ok(note, 'the user is told the concurrency was lowered');
  });

  it('finishes with one retry a piece when every request in flight meets a 429 at once and every retry meets another', async (t) => {
    api.setOptions({ ttftMs: 0, workPerSourceSecondMs: 0 });
    const talkJob = (): TranslateJob => engineJob(talk.file, { apiKey: key, baseUrl: api.baseUrl, dir }, { stallSeconds: 10, maxRetries: 1 });
    // Untroubled, the run says how many pieces the file makes. All of them must go at once, and
    // there must be more of them than the halvings that take the concurrency from its start to
    // one, so the last 429s are handled with the concurrency already at one.
    const clean = (await collectEvents(talkJob())).at(-1);
    assert.ok(clean?.type === 'done');
    const pieces = clean.summary.pieces;
    assert.ok(pieces > Math.log2(autoCeiling) && pieces <= autoCeiling, `${pieces} pieces`);
    t.diagnostic(`${pieces} pieces, all in flight at once`);

    // Every piece's request is held until all are in flight, then all meet a 429 together; and
    // each piece's retry, sent alone now, meets one more. Only the second counts against a piece.
    const together = Array.from({ length: pieces }, () => ({ kind: '429' as const, retryAfterSeconds: 1, together: pieces }));
    const again = Array.from({ length: pieces }, () => ({ kind: '429' as const, retryAfterSeconds: 1 }));
    api.faults.push(...together, ...again);
    const first = api.requests.length;
    const events = await collectEvents(talkJob());
    const done = events.at(-1);
    assert.ok(done?.type === 'done', 'the run finished');
    assert.equal(done.summary.pieces, pieces);
    const translated = events.filter((e) => e.type === 'pieceDone' && e.text.length > 0);
    assert.equal(translated.length, pieces, 'every piece translated');

    const sent = api.requests.slice(first);
    assert.deepEqual(
      sent.map((q) => q.outcome?.status),
      [...together.map(() => 429), ...again.map(() => 429), ...together.map(() => 200)],
      'each piece: the 429 it met with the others, the one its retry met, then its answer',
    );
    assert.equal(done.summary.retries, together.length + again.length, 'every 429 was retried, none failed the run');
    const one = events.find((e) => e.type === 'note' && /sending at most 1 piece at a time/.test(e.message));
    assert.ok(one, 'the 429s together brought the concurrency down to one');
  });
});
