import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { audibleRange } from '../../../src/core/dub/trimSilence';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech } from '../../fakes/media';
import { cliEnv, runCli } from '../../fakes/runCli';

const key = 'sk-test-dub-fit-0123456789abcdef';
const rate = 24_000;

/** 24 kHz s16le: each part a 300 Hz tone at an amplitude (0 for silence) for some seconds. */
function tones(parts: [amplitude: number, seconds: number][]): Buffer {
  const total = parts.reduce((n, [, s]) => n + Math.round(s * rate), 0);
  const pcm = Buffer.alloc(total * 2);
  let at = 0;
  for (const [amplitude, seconds] of parts) {
    const n = Math.round(seconds * rate);
    for (let i = 0; i < n; i++) pcm.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 300 * i) / rate)), (at + i) * 2);
    at += n;
  }
  return pcm;
}

describe('the dub fitted to its slot', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;
  let record: { pieces: { start: number; dub?: { start: number; seconds: number; speed?: number; shift?: number; trim?: [number, number] } }[] };
  let stderr: string;

  before(async () => {
    // Every answer's speech runs half as long again as the source speech it translates.
    api = await startFakeApi({ apiKey: key, speech: { lengthFactor: 1.5 } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-dub-fit-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    const media = await makeSpeech({
      dir,
      name: 'talk',
      format: 'wav',
      segments: [
        // Followed by a short pause: it cannot fit even at the cap, so the next line is pushed later.
        { text: 'Good morning everyone, and welcome to the meeting about the budget for next year.', at: 0.3 },
        { text: 'Today we look at the numbers.', at: 4.8 },
        // Followed by long pauses: sped up a little, or not at all.
        { text: 'Thank you all for coming.', at: 10.5 },
        { text: 'See you next week.', at: 14 },
      ],
      totalSeconds: 18,
    });
    const run = await runCli([media.file, '--to', 'en', '--audio', '--segment-seconds', '6', '--formats', 'srt,wav,json'], { env });
    assert.equal(run.code, 0, run.stderr);
    stderr = run.stderr;
    record = JSON.parse(fs.readFileSync(path.join(dir, 'talk.en.json'), 'utf8'));
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('speeds lines up no further than the cap, and pushes a line later only after one at the cap', () => {
    const dubbed = record.pieces.filter((p) => p.dub);
    assert.ok(dubbed.length >= 3, `pieces: ${dubbed.length}`);
    const speeds = dubbed.map((p) => p.dub?.speed ?? 1);
    for (const s of speeds) assert.ok(s >= 1 && s <= 1.3, `speed ${s}`);
    assert.ok(speeds.includes(1.3), `one line reaches the cap: ${JSON.stringify(record.pieces.map((p) => [p.start, (p as unknown as { end: number }).end, p.dub]))}`);
    assert.ok(speeds.some((s) => s < 1.3), `others fit below it: ${speeds.join(', ')}`);
    dubbed.forEach((p, i) => {
      if (!p.dub?.shift) return;
      assert.ok(i > 0 && dubbed[i - 1].dub?.speed === 1.3, `piece ${i} is late (${p.dub.shift} s) though the line before it is not at the cap`);
    });
    assert.ok(dubbed.some((p) => (p.dub?.shift ?? 0) > 0), 'the line after the capped one is late');
    assert.match(stderr, /Dub fitted: .*sped up 1\.30x/);
  });

  it('never lays a line over the one before it', () => {
    const dubbed = record.pieces.filter((p) => p.dub).map((p) => p.dub as { start: number; seconds: number });
    for (let i = 1; i < dubbed.length; i++) {
      assert.ok(dubbed[i].start >= dubbed[i - 1].start + dubbed[i - 1].seconds - 1e-6, `line ${i} starts inside line ${i - 1}`);
    }
  });

  it('renders the same fitted dub track from the record, byte for byte', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'render-'));
    const run = await runCli(['render', path.join(dir, 'talk.en.json'), '--formats', 'wav', '--out-dir', out], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(fs.readFileSync(path.join(out, 'talk.en.wav')).equals(fs.readFileSync(path.join(dir, 'talk.en.wav'))));
  });

  it('trims silence at both ends but keeps a quiet ending', () => {
    const quiet = 0.3 * 10 ** (-30 / 20);
    const [from, to] = audibleRange(tones([[0, 0.4], [0.3, 1], [quiet, 0.5], [0, 0.6]]));
    assert.ok(from / rate > 0.3 && from / rate <= 0.4, `starts at ${from / rate}`);
    assert.ok(to / rate >= 1.9 && to / rate < 2.0, `ends at ${to / rate}`);
    assert.deepEqual(audibleRange(tones([[0, 1]])), [0, 0]);
  });

  it('finds the same range in speech that starts at an odd byte of its buffer', () => {
    const speech = tones([[0, 0.4], [0.3, 1], [0, 0.6]]);
    const shifted = Buffer.alloc(speech.length + 1);
    speech.copy(shifted, 1);
    assert.deepEqual(audibleRange(shifted.subarray(1)), audibleRange(speech));
  });
});
