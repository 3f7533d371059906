import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { WaveFile } from 'wavefile';
import { DubTrack } from '../../../src/core/dub/dubTrack';

const rate = 24_000;
let dir = '';
let file = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-dub-'));
  file = path.join(dir, 'talk.en.wav');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `seconds` of a constant sample value, as 16-bit little-endian PCM. */
function tone(seconds: number, value: number): Buffer {
  const pcm = Buffer.alloc(Math.round(seconds * rate) * 2);
  for (let i = 0; i < pcm.length; i += 2) pcm.writeInt16LE(value, i);
  return pcm;
}

/** The track as wavefile decodes it, with its format checked. */
function readTrack(): Int16Array {
  const wav = new WaveFile(fs.readFileSync(file));
  const fmt = wav.fmt as { audioFormat: number; numChannels: number; sampleRate: number; bitsPerSample: number };
  assert.deepEqual(
    [fmt.audioFormat, fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample],
    [1, 1, rate, 16],
  );
  assert.equal(wav.bitDepth, '16');
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.readUInt32LE(4), bytes.length - 8, 'RIFF size');
  return Int16Array.from(wav.getSamples(false, Int16Array) as unknown as Int16Array);
}

/** Sample values over [from, to) seconds, as a set. */
function valuesIn(samples: Int16Array, from: number, to: number): Set<number> {
  return new Set(samples.subarray(Math.round(from * rate), Math.round(to * rate)));
}

describe('DubTrack', () => {
  it('lays speech at its source times with silence between, as long as the source', async () => {
    const track = await DubTrack.open(file);
    await track.place(1, tone(0.5, 1000));
    await track.place(3, tone(0.5, 2000));
    assert.equal(fs.existsSync(file), false, 'nothing under the final name before finish');
    await track.finish(5);
    const samples = readTrack();
    assert.equal(samples.length, 5 * rate);
    assert.deepEqual(valuesIn(samples, 0, 1), new Set([0]));
    assert.deepEqual(valuesIn(samples, 1, 1.5), new Set([1000]));
    assert.deepEqual(valuesIn(samples, 1.5, 3), new Set([0]));
    assert.deepEqual(valuesIn(samples, 3, 3.5), new Set([2000]));
    assert.deepEqual(valuesIn(samples, 3.5, 5), new Set([0]));
    assert.deepEqual(fs.readdirSync(dir), ['talk.en.wav']);
  });

  it('pushes the next piece later when speech runs over, and grows only then', async () => {
    const track = await DubTrack.open(file);
    await track.place(0, tone(2, 1000));
    // This piece's source speech starts at 1 s, but the first voice is still talking.
    await track.place(1, tone(1, 2000));
    assert.equal(track.seconds, 3);
    await track.finish(2.5);
    const samples = readTrack();
    assert.equal(samples.length, 3 * rate);
    assert.deepEqual(valuesIn(samples, 0, 2), new Set([1000]));
    assert.deepEqual(valuesIn(samples, 2, 3), new Set([2000]));
  });

  it('streams a piece chunk by chunk, carrying odd bytes without shifting samples', async () => {
    const pcm = Buffer.alloc(2 * 1000);
    for (let i = 0; i < 1000; i++) pcm.writeInt16LE(i * 30 - 15000, i * 2);
    const track = await DubTrack.open(file);
    await track.startPiece(0.5);
    for (const [from, to] of [
      [0, 1],
      [1, 2],
      [2, 777],
      [777, 778],
      [778, 1501],
      [1501, 2000],
    ]) {
      await track.append(pcm.subarray(from, to));
    }
    await track.finish(1);
    const samples = readTrack();
    assert.equal(samples.length, rate);
    const placed = samples.subarray(0.5 * rate, 0.5 * rate + 1000);
    assert.deepEqual(Array.from(placed), Array.from({ length: 1000 }, (_, i) => i * 30 - 15000));
  });

  it('drops a half sample left at the end of a piece instead of shifting the next', async () => {
    const track = await DubTrack.open(file);
    await track.place(0, Buffer.from([1, 0, 7]));
    await track.place(0, tone(0.01, 500));
    await track.finish(0);
    const samples = readTrack();
    assert.equal(samples[0], 1);
    assert.deepEqual(new Set(samples.subarray(1)), new Set([500]));
  });

  it('writes long silences in blocks and pads an empty track to the source length', async () => {
    const track = await DubTrack.open(file);
    await track.finish(61.25);
    const samples = readTrack();
    assert.equal(samples.length, 61.25 * rate);
    assert.ok(samples.every((v) => v === 0));
  });

  it('leaves no file at all when aborted', async () => {
    const track = await DubTrack.open(file);
    await track.place(2, tone(1, 1000));
    await track.abort();
    await track.abort();
    assert.deepEqual(fs.readdirSync(dir), []);
    await assert.rejects(track.place(4, tone(1, 1000)));
  });
});
