import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodePcm } from '../../../src/core/source/decode';
import { readSpanPcm } from '../../../src/core/source/readSpan';
import { makeSpeech } from '../../fakes/media';

const segments = [
  { text: 'The first sentence of the recording.', at: 0.5 },
  { text: 'A second sentence a little later.', at: 5 },
];

async function whole(file: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of decodePcm(file, { ffmpegPath: 'ffmpeg' })) parts.push(chunk);
  return Buffer.concat(parts);
}

function rms(pcm: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) sum += pcm.readInt16LE(i) ** 2;
  return Math.sqrt(sum / Math.max(1, pcm.length / 2));
}

describe('reading one stretch of a source', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-span-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives a WAV stretch byte for byte as the whole decode holds it', async () => {
    const media = await makeSpeech({ dir, name: 'plain', format: 'wav', segments, totalSeconds: 9 });
    const all = await whole(media.file);
    const span = { start: 4.7, end: 7.25 };
    const got = await readSpanPcm(media.file, span, { ffmpegPath: 'ffmpeg' });
    assert.ok(got.equals(all.subarray(Math.round(4.7 * 16_000) * 2, Math.round(7.25 * 16_000) * 2)));
  });

  it('decodes a compressed stretch from a seek, as long as asked and with the same sound', async () => {
    const media = await makeSpeech({ dir, name: 'packed', format: 'm4a', segments, totalSeconds: 9 });
    const all = await whole(media.file);
    const span = { start: 4.7, end: 7.25 };
    const got = await readSpanPcm(media.file, span, { ffmpegPath: 'ffmpeg' });
    const expected = all.subarray(Math.round(4.7 * 16_000) * 2, Math.round(7.25 * 16_000) * 2);
    assert.ok(Math.abs(got.length - expected.length) <= 2 * 16 * 2, `${got.length} bytes for ${expected.length}`);
    const ratio = rms(got) / rms(expected);
    assert.ok(ratio > 0.9 && ratio < 1.1, `the loudness matches (ratio ${ratio.toFixed(3)})`);
    const quiet = await readSpanPcm(media.file, { start: 8.6, end: 8.9 }, { ffmpegPath: 'ffmpeg' });
    assert.ok(rms(quiet) < rms(got) / 10, 'a silent stretch is silent');
  });
});
