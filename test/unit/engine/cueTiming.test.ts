import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Span } from '../../../src/core/timeline';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { cuesOnOwnSpeech } from '../../fakes/cueOwnership';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeBursts } from '../../fakes/media';

const key = 'sk-test-timing-0123456789abcdef';

/**
 * Stretches of 0.8–5 s between pauses of 0.4–3 s over `minutes`, from a seeded generator: of any
 * length in that range (`uniform`), or short answers ("Yes, exactly.") among long clauses.
 */
function lectureSpans(minutes: number, seed: number, mix: 'uniform' | 'shortAndLong'): Span[] {
  let x = seed;
  const next = (): number => ((x = (x * 16807) % 2147483647) / 2147483647);
  const spans: Span[] = [];
  for (let t = 0.6; ; ) {
    const seconds = mix === 'uniform' ? 0.8 + next() * 4.2 : next() < 0.5 ? 0.8 + next() * 0.7 : 3.5 + next() * 1.5;
    if (t + seconds > minutes * 60 - 0.5) break;
    spans.push({ start: t, end: t + seconds });
    // The fake bridges gaps under 0.35 s as one stretch, so the shortest pause here is a little longer.
    t += seconds + 0.4 + next() * 2.6;
  }
  return spans;
}

describe('cues on their own speech, through the engine', () => {
  let api: FakeApi;
  let dir: string;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-timing-'));
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [mix, seed] of [['uniform', 1], ['shortAndLong', 2]] as const) {
    it(`puts every sentence of a 20-minute lecture on its own stretch when sentences are all one length (${mix})`, async () => {
      const spans = lectureSpans(20, seed, mix);
      const media = await makeBursts({ dir, name: `lecture-${mix}`, spans, seconds: 20 * 60 });
      // Each stretch, short or long, gets a sentence of the same 40 characters: never proportional to its speech.
      api.setOptions({ sentenceChars: 40 });
      const job = { ...engineJob(media.file, { apiKey: key, baseUrl: api.baseUrl, dir }), formats: ['srt' as const, 'json' as const] };
      await collectEvents(job);
      api.setOptions({ sentenceChars: undefined });
      const record = JSON.parse(fs.readFileSync(path.join(job.outDir as string, `lecture-${mix}.en.json`), 'utf8'));
      const { onOwn, misses } = cuesOnOwnSpeech(record, spans);
    assert.deepEqual(misses, []);
    assert.ok(onOwn >= spans.length, `${onOwn} cues for ${spans.length} stretches`);
    });
  }
});
