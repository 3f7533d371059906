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
    const job = { ...engineJob(lecture.file, { apiKey: key, baseUrl: api.baseUrl, dir }, { concurrency: 4, stallSeconds: 10 }), voice: 'Cherry', formats: ['srt', 'wav'] as const };
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
});
