import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TranslateError } from '../../../src/core/errors';
import { decodePcm } from '../../../src/core/source/decode';
import { inputArg, runTool } from '../../../src/core/tools/ffmpeg';
import { hashFile } from '../../../src/core/source/fileHash';
import { frameLevels, LevelMeter } from '../../../src/core/source/levels';
import { probeMedia } from '../../../src/core/source/probe';
import { Resampler } from '../../../src/core/source/resample';
import { makeSpeech, type GeneratedMedia, type MediaFormat } from '../../fakes/media';

const missing = path.join(os.tmpdir(), 'no-such-dir', 'ffmpeg');
const segments = [
  { text: 'The weather is fine today.', at: 0.4 },
  { text: 'We will meet again tomorrow.', at: 3.5 },
];

async function decodeAll(file: string, ffmpegPath = 'ffmpeg'): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of decodePcm(file, { ffmpegPath })) {
    assert.equal(chunk.length % 2, 0, 'chunks hold whole samples');
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

function asInt16(b: Buffer): Int16Array {
  return new Int16Array(b.buffer, b.byteOffset, b.length / 2);
}

/** Correlation of two sample arrays over their common length. */
function correlation(a: Int16Array, b: Int16Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

describe('probe and decode', () => {
  let dir: string;
  const made = new Map<string, GeneratedMedia>();
  const variants: Array<{ format: MediaFormat; channels: 1 | 2; sampleRate: number }> = [];
  for (const format of ['wav', 'mp3', 'm4a', 'mp4'] as const) {
    variants.push({ format, channels: 2, sampleRate: 44100 }, { format, channels: 1, sampleRate: 8000 });
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-decode-'));
    await Promise.all(
      variants.map(async (v) => {
        const name = `${v.format}-${v.channels}ch-${v.sampleRate}`;
        made.set(name, await makeSpeech({ dir, name, ...v, segments, totalSeconds: 7 }));
      }),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const v of variants) {
    const name = `${v.format}-${v.channels}ch-${v.sampleRate}`;
    it(`probes and decodes ${name} to 16 kHz mono of the right length`, async () => {
      const media = made.get(name) as GeneratedMedia;
      const info = await probeMedia(media.file, { ffprobePath: 'ffprobe' });
      assert.equal(info.hasAudio, true);
      assert.equal(info.hasVideo, v.format === 'mp4');
      // ffprobe estimates MP3 durations from frames, so it may overshoot by a frame or two.
      assert.ok(Math.abs(info.durationSeconds - 7) < 0.25, `${info.durationSeconds} s`);
      const pcm = await decodeAll(media.file);
      const seconds = pcm.length / 2 / 16000;
      assert.ok(Math.abs(seconds - 7) <= 0.07, `decoded ${seconds} s`);
      // The speech is where the generator says it is.
      const levels = frameLevels(pcm);
      const loud = (t: number): boolean => levels[Math.floor(t / 0.02)] > -50;
      for (const s of media.speech) {
        assert.ok([0.2, 0.5, 0.8].some((f) => loud(s.start + f * (s.end - s.start))), `sound inside ${JSON.stringify(s)}`);
      }
      assert.ok(!loud(0.1) && !loud(6.8), 'silence outside');
    });
  }

  it('reads WAV without ffmpeg or ffprobe, for every PCM layout', async () => {
    const base = (made.get('wav-2ch-44100') as GeneratedMedia).file;
    const reference = asInt16(await decodeAll(base));
    const layouts: Array<[string, string[]]> = [
      ['u8-8k', ['-c:a', 'pcm_u8', '-ar', '8000', '-ac', '1']],
      ['s16-16k', ['-c:a', 'pcm_s16le', '-ar', '16000', '-ac', '1']],
      ['s24-441', ['-c:a', 'pcm_s24le', '-ar', '44100', '-ac', '2']],
      ['s32-48k', ['-c:a', 'pcm_s32le', '-ar', '48000', '-ac', '2']],
      ['f32-22k', ['-c:a', 'pcm_f32le', '-ar', '22050', '-ac', '1']],
      ['f64-32k', ['-c:a', 'pcm_f64le', '-ar', '32000', '-ac', '1']],
      ['s16-6ch', ['-c:a', 'pcm_s16le', '-ar', '48000', '-ac', '6']],
    ];
    for (const [name, args] of layouts) {
      const file = path.join(dir, `layout-${name}.wav`);
      await runTool('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', inputArg(base), ...args, file]);
      const info = await probeMedia(file, { ffprobePath: missing });
      assert.equal(info.container, 'wav');
      assert.ok(Math.abs(info.durationSeconds - 7) < 0.01, `${name}: ${info.durationSeconds} s from the header`);
      const pcm = asInt16(await decodeAll(file, missing));
      assert.ok(Math.abs(pcm.length - 7 * 16000) <= 2, `${name}: ${pcm.length} samples`);
      const c = correlation(pcm, reference);
      assert.ok(c > (name.startsWith('u8') ? 0.9 : 0.98), `${name}: correlation ${c} with ffmpeg's decode`);
    }
  });

  it('says a file that is gone was moved or deleted, not that it is not media', async () => {
    const gone = path.join(dir, 'gone.mp4');
    const e = await probeMedia(gone, { ffprobePath: 'ffprobe' }).then(() => undefined, (err: unknown) => err);
    assert.ok(TranslateError.is(e, 'fileNotFound'), String(e));
    assert.equal((e as Error).message, `${gone} does not exist any more; it was moved or deleted.`);
  });

  it('falls back to ffmpeg for WAV encodings it does not read itself', async () => {
    const base = (made.get('wav-1ch-8000') as GeneratedMedia).file;
    const file = path.join(dir, 'alaw.wav');
    await runTool('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', inputArg(base), '-c:a', 'pcm_alaw', file]);
    assert.ok(Math.abs((await decodeAll(file)).length / 32000 - 7) < 0.07);
    await assert.rejects(decodeAll(file, missing), (e) => TranslateError.is(e, 'ffmpegMissing'));
  });

  it('passes file names with dashes, quotes, $(...) and Unicode safely', async () => {
    const src = (made.get('mp3-1ch-8000') as GeneratedMedia).file;
    const odd = path.join(dir, `-i x $(touch pwned) 'q" ü 名.mp3`);
    fs.copyFileSync(src, odd);
    const info = await probeMedia(odd, { ffprobePath: 'ffprobe' });
    assert.ok(info.hasAudio);
    assert.ok(Math.abs((await decodeAll(odd)).length / 32000 - 7) < 0.07);
    assert.ok(!fs.existsSync('pwned') && !fs.existsSync(path.join(dir, 'pwned')));
  });

  it('names the file and ffmpeg\'s last line when decoding fails', async () => {
    const file = path.join(dir, 'notes.mp3');
    fs.writeFileSync(file, 'just some text\n'.repeat(50));
    await assert.rejects(decodeAll(file), (e) => {
      assert.ok(TranslateError.is(e, 'decodeFailed'));
      assert.match(e.message, /notes\.mp3 could not be decoded: .+/);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
  });

  it('measures 20 ms levels the same whatever the chunking, odd bytes included', () => {
    const pcm = Buffer.alloc(16000 * 2 + 7 * 2);
    for (let i = 0; i < pcm.length / 2; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin(i / 5)) * (i > 8000 ? 1 : 0), i * 2);
    const whole = frameLevels(pcm);
    assert.equal(whole.length, 51);
    const meter = new LevelMeter();
    const parts: number[] = [];
    for (let at = 0; at < pcm.length; at += 333) parts.push(...meter.push(pcm.subarray(at, at + 333)));
    parts.push(...meter.finish());
    assert.deepEqual(parts, Array.from(whole));
    assert.equal(whole[0], -120);
    // A sine of amplitude 8000 is about −15.2 dBFS RMS.
    assert.ok(Math.abs(whole[40] - 20 * Math.log10(8000 / Math.SQRT2 / 32768)) < 0.1, `${whole[40]}`);
  });

  it('resamples the same whatever the chunking', () => {
    const input = Float32Array.from({ length: 44100 }, (_, i) => Math.sin(i / 7) * 0.5);
    const once = new Resampler(44100);
    const whole = [...once.push(input), ...once.finish()];
    const chunked = new Resampler(44100);
    const parts: number[] = [];
    for (let at = 0; at < input.length; at += 1001) parts.push(...chunked.push(input.subarray(at, at + 1001)));
    parts.push(...chunked.finish());
    assert.equal(whole.length, 16000);
    assert.deepEqual(parts, whole);
  });

  it('hashes a file as a stream', async () => {
    const file = path.join(dir, 'hash.txt');
    fs.writeFileSync(file, 'abc');
    assert.equal(await hashFile(file), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(hashFile(file, controller.signal), { name: 'AbortError' });
  });
});
