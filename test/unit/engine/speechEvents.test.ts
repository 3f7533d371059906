import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { speechFor } from '../../fakes/fakeApiAudio';
import { makeLongSpeech, type GeneratedMedia } from '../../fakes/media';

const key = 'sk-test-speech-events-0123456789';

function digest(pcm: Buffer): string {
  return `${pcm.length}:${createHash('sha256').update(pcm).digest('hex')}`;
}

describe('speech events', () => {
  let api: FakeApi;
  let dir: string;
  let lecture: GeneratedMedia;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-speech-events-'));
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 2 });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('carry each piece’s speech whole and in order, also for pieces that finish while an earlier one is still running', async () => {
    // The first answer stalls for a second after its first chunks, so the pieces after it finish
    // first and wait, their speech queued, until it is written.
    api.faults.push({ kind: 'stall', afterChunks: 3, ms: 1000 });
    const first = api.requests.length;
    const job = { ...engineJob(lecture.file, { apiKey: key, baseUrl: api.baseUrl, dir }, { concurrency: 4, stallSeconds: 10 }), voice: 'Cherry', formats: ['srt', 'wav'] as const, speechChunks: true };
    const events = await collectEvents({ ...job, formats: [...job.formats] });
    assert.equal(events.at(-1)?.type, 'done');
    const speech = new Map<number, Buffer[]>();
    for (const ev of events) if (ev.type === 'audioChunk') speech.set(ev.index, [...(speech.get(ev.index) ?? []), ev.pcm]);
    const sent = api.requests.slice(first).filter((q) => q.outcome?.status === 200);
    const expected = sent.map((q) => digest(speechFor(q.audioSeconds as number, q.stretches ?? []))).sort();
    const got = [...speech.values()].map((chunks) => digest(Buffer.concat(chunks))).sort();
    assert.equal(sent.length, speech.size, 'one answer per piece');
    assert.deepEqual(got, expected);
    // The order of the events themselves: every piece's speech comes after its start and before its end.
    const order = events.filter((e) => e.type === 'pieceStarted' || e.type === 'audioChunk' || e.type === 'pieceDone');
    for (const [index] of speech) {
      const at = (type: string): number[] => order.flatMap((e, i) => (e.type === type && ('index' in e ? e.index : e.piece.index) === index ? [i] : []));
      const [start] = at('pieceStarted');
      const [done] = at('pieceDone');
      assert.ok(at('audioChunk').every((i) => i > start && i < done), `piece ${index}`);
    }
  });

  it('are left out unless the job asks for them, and the dub is written the same', async () => {
    const runs: { events: Awaited<ReturnType<typeof collectEvents>>; wav: Buffer }[] = [];
    for (const speechChunks of [true, false]) {
      const out = fs.mkdtempSync(path.join(dir, 'run-'));
      const job = { ...engineJob(lecture.file, { apiKey: key, baseUrl: api.baseUrl, dir: out }, { concurrency: 4 }), voice: 'Cherry', formats: ['wav' as const], speechChunks };
      const events = await collectEvents(job);
      assert.equal(events.at(-1)?.type, 'done');
      const done = events.at(-1) as Extract<(typeof events)[number], { type: 'done' }>;
      runs.push({ events, wav: fs.readFileSync(done.summary.files.wav as string) });
    }
    assert.ok(runs[0].events.some((e) => e.type === 'audioChunk'), 'asked for: the speech streams as events');
    assert.deepEqual(runs[1].events.filter((e) => e.type === 'audioChunk'), [], 'not asked for: no speech events');
    assert.ok(runs[1].wav.length > 44 + 24_000 * 2 * 30, 'the dub holds the speech');
    assert.ok(runs[0].wav.equals(runs[1].wav), 'the same dub either way');
  });
});
