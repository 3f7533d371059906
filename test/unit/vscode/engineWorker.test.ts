import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TranslateEvent } from '../../../src/core/events';
import type { OutputFormat } from '../../../src/core/job';
import { translateLazily } from '../../../src/vscode/run/engine';
import { engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeLongSpeech, type GeneratedMedia } from '../../fakes/media';

const key = 'sk-test-engine-worker-0123456789';

/** The nice value of each of this process's threads (Linux). */
function threadNices(): number[] {
  if (process.platform !== 'linux') return [];
  return fs.readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return [threadNice(Number(tid))];
    } catch {
      return [];
    }
  });
}

function threadNice(tid: number): number {
  // The fields after the command's closing parenthesis; nice is the 19th field of the line.
  return Number(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
}

/** The engine as the extension runs it: on its worker thread (out/src/vscode/run/engineWorker.js). */
describe('the engine on its worker thread', () => {
  let api: FakeApi;
  let dir: string;
  let lecture: GeneratedMedia;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-engine-worker-'));
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 1 });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let niceDuringRun: number[] = [];

  it('keeps the speech slices on its own thread and still writes the speech', async () => {
    const job = { ...engineJob(lecture.file, { apiKey: key, baseUrl: api.baseUrl, dir }), voice: 'Cherry', formats: ['srt', 'wav'] as OutputFormat[] };
    const events: TranslateEvent[] = [];
    for await (const ev of translateLazily(job)) {
      if (events.length === 0) niceDuringRun = threadNices();
      events.push(ev);
    }
    const done = events.at(-1);
    assert.equal(done?.type, 'done');
    // Every slice would be copied into the extension host's heap, which no display there reads.
    assert.deepEqual(events.filter((e) => e.type === 'audioChunk'), []);
    assert.ok(events.some((e) => e.type === 'textDelta'), 'the text still streams');
    const wav = done.type === 'done' ? done.summary.files.wav : undefined;
    assert.ok(wav && fs.statSync(wav).size > 44 + 24_000 * 2, 'the WAV holds the speech');
  });

  it('runs below the priority of the thread that started it, on Linux', { skip: process.platform !== 'linux' }, () => {
    // Read while the run above was going: this process's threads then included the engine's.
    const main = threadNice(process.pid);
    assert.ok(niceDuringRun.some((n) => n >= main + 10), `thread priorities ${niceDuringRun.join(', ')} against ${main}`);
  });
});
