import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeCutShortMp4 } from '../../fakes/media';

const key = 'sk-test-short-source-0123456789';

describe('a source cut short', () => {
  let api: FakeApi;
  let dir: string;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-short-source-'));
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is translated as far as it decodes, with one warning as a note and in the summary', async () => {
    const cut = await makeCutShortMp4({ dir, name: 'cut' });
    const events = await collectEvents(engineJob(cut.file, { apiKey: key, baseUrl: api.baseUrl, dir }));
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    const notes = events.filter((e) => e.type === 'note' && e.level === 'warn');
    assert.equal(notes.length, 1);
    assert.deepEqual(done.summary.warnings, notes.map((n) => (n.type === 'note' ? n.message : '')));
    assert.match(done.summary.warnings[0], /^Only 00:\d\d of audio could be decoded from .*cut\.mp4, which says it lasts 00:20:/);
    assert.ok(done.summary.pieces >= 1);
  });
});
