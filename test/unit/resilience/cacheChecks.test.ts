import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TranslateJob } from '../../../src/core/job';
import { clearCache } from '../../../src/core/translate';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech, type GeneratedMedia } from '../../fakes/media';

const key = 'sk-test-cache-checks-0123456789';

/** Every file under `dir` ending in `ext`. */
function filesEnding(dir: string, ext: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(ext)).map((f) => path.join(dir, f));
}

describe('the piece cache', () => {
  let api: FakeApi;
  let dir: string;
  let short: GeneratedMedia;

  const job = (cacheDir: string): TranslateJob => ({
    ...engineJob(short.file, { apiKey: key, baseUrl: api.baseUrl, dir }),
    voice: 'Cherry',
    formats: ['srt', 'wav'],
    cacheDir,
  });

  /** A cache holding the short file's one piece, and the dub track the run wrote from the API's answer. */
  const filledCache = async (): Promise<{ cacheDir: string; wav: Buffer }> => {
    const cacheDir = fs.mkdtempSync(path.join(dir, 'cache-'));
    const events = await collectEvents(job(cacheDir));
    const done = events.find((ev) => ev.type === 'done');
    assert.ok(done?.type === 'done' && done.summary.files.wav);
    return { cacheDir, wav: fs.readFileSync(done.summary.files.wav) };
  };

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-cache-'));
    short = await makeSpeech({ dir, name: 'short', segments: [{ text: 'Good morning everyone, and welcome to the meeting.', at: 0.4 }] });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of [
    {
      name: 'a truncated .pcm',
      damage: (cacheDir: string) => {
        const [pcm] = filesEnding(cacheDir, '.pcm');
        fs.truncateSync(pcm, Math.floor(fs.statSync(pcm).size / 3) * 2);
      },
    },
    {
      name: 'a record with empty parts',
      damage: (cacheDir: string) => {
        const [json] = filesEnding(cacheDir, '.json');
        fs.writeFileSync(json, JSON.stringify({ ...JSON.parse(fs.readFileSync(json, 'utf8')), parts: [] }));
      },
    },
  ]) {
    it(`sends a piece again, with a note, when its cache entry is ${c.name}`, async () => {
      const { cacheDir, wav } = await filledCache();
      c.damage(cacheDir);
      const first = api.requests.length;
      const events = await collectEvents(job(cacheDir));
      assert.equal(api.requests.length - first, 1, 'the piece was sent again');
      const note = events.find((ev) => ev.type === 'note' && /cached/.test(ev.message));
      assert.ok(note?.type === 'note', JSON.stringify(events.filter((ev) => ev.type === 'note')));
      assert.match(note.message, /^The cached answer for 00:00–\d\d:\d\d is damaged \(.+\); sending the piece again\.$/);
      const done = events.find((ev) => ev.type === 'done');
      assert.ok(done?.type === 'done' && done.summary.files.wav);
      assert.ok(fs.readFileSync(done.summary.files.wav).equals(wav), 'the dub track is whole again');
    });
  }

  it('clears only its own entries, never other files in the folder', async () => {
    const { cacheDir } = await filledCache();
    const mine = path.join(cacheDir, 'notes.txt');
    const nested = path.join(cacheDir, 'photos', 'holiday.jpg');
    fs.writeFileSync(mine, 'keep me');
    fs.mkdirSync(path.dirname(nested));
    fs.writeFileSync(nested, 'keep me too');
    const removed = await clearCache(cacheDir);
    assert.equal(removed, 1);
    assert.deepEqual(filesEnding(cacheDir, '.json'), []);
    assert.deepEqual(filesEnding(cacheDir, '.pcm'), []);
    assert.equal(fs.readFileSync(mine, 'utf8'), 'keep me');
    assert.equal(fs.readFileSync(nested, 'utf8'), 'keep me too');
  });
});
