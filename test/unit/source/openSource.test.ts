import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TranslateError, type ErrorReason } from '../../../src/core/errors';
import { decodePcm } from '../../../src/core/source/decode';
import { openSource, type SourceOptions, type SourceReader } from '../../../src/core/source/openSource';
import type { Piece, Span } from '../../../src/core/timeline';
import {
  makeLongSpeech,
  makeSilence,
  makeSpeech,
  makeTone,
  makeVideoWithoutAudio,
  type GeneratedMedia,
} from '../../fakes/media';

const tolerance = 0.1;
const missing = path.join(os.tmpdir(), 'no-such-dir', 'ffmpeg');

async function collect(source: SourceReader): Promise<Piece[]> {
  const pieces: Piece[] = [];
  for await (const p of source.pieces) pieces.push(p);
  return pieces;
}

/** Checks the contract every caller relies on: order, bounds, and cuts only between sentences. */
function checkPieces(pieces: Piece[], speech: Span[], max: number): void {
  pieces.forEach((p, i) => {
    assert.equal(p.index, i);
    assert.ok(p.end - p.start <= max, `piece ${i} lasts ${(p.end - p.start).toFixed(3)} s`);
    if (i > 0) assert.ok(p.start >= pieces[i - 1].end, `piece ${i} overlaps the one before`);
    for (const s of p.speech) assert.ok(s.start >= p.start && s.end <= p.end && s.end > s.start);
    for (const t of [p.start, p.end]) {
      const cut = speech.find((s) => t > s.start + tolerance && t < s.end - tolerance);
      assert.equal(cut, undefined, `piece ${i} boundary ${t} falls inside speech ${JSON.stringify(cut)}`);
    }
  });
  for (const s of speech) {
    const home = pieces.find((p) => p.start <= s.start + tolerance && p.end >= s.end - tolerance);
    assert.ok(home, `speech ${JSON.stringify(s)} lies in one piece`);
    const inside = home.speech.filter((x) => x.end > s.start - tolerance && x.start < s.end + tolerance);
    assert.ok(inside.length > 0, `speech ${JSON.stringify(s)} is in its piece's speech`);
    assert.ok(Math.abs(inside[0].start - s.start) <= tolerance, `starts at ${inside[0].start}, measured ${s.start}`);
    assert.ok(Math.abs(inside[inside.length - 1].end - s.end) <= tolerance, `ends at ${inside[inside.length - 1].end}, measured ${s.end}`);
  }
}

describe('openSource', () => {
  let dir: string;
  let spoolRoot: string;
  const savedTmp = process.env.TMPDIR;
  let tools: Pick<SourceOptions, 'ffmpegPath' | 'ffprobePath'>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-open-'));
    // A private temp folder, so the test can see that the spool is removed.
    spoolRoot = path.join(dir, 'tmp');
    fs.mkdirSync(spoolRoot);
    process.env.TMPDIR = spoolRoot;
    tools = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' };
  });
  after(() => {
    process.env.TMPDIR = savedTmp;
    if (savedTmp === undefined) delete process.env.TMPDIR;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const spools = (): string[] => fs.readdirSync(spoolRoot).filter((n) => n.startsWith('media-translate-'));

  it('cuts a multi-sentence video between sentences and serves each piece\'s audio', async () => {
    const media = await makeSpeech({
      dir,
      name: 'meeting',
      format: 'mp4',
      channels: 2,
      sampleRate: 44100,
      totalSeconds: 39,
      segments: [
        { text: 'Good morning everyone and welcome to the meeting.', at: 0.5 },
        { text: 'Today we will talk about the budget for next year.', at: 3.6 },
        { text: 'The numbers look better than we expected.', at: 6.8 },
        { text: 'Sales grew in every region of the country.', at: 9.3 },
        { text: 'Costs went down a little at the same time.', at: 12 },
        { text: 'We can hire three new people in the spring.', at: 14.8 },
        { text: 'Let us look at the details now.', at: 17.6 },
        { text: 'Thank you all for coming today.', at: 19.8 },
        { text: 'Guten Morgen und herzlich willkommen.', voice: 'de', at: 22.3 },
        { text: 'Merci beaucoup et à bientôt.', voice: 'fr', at: 24.8 },
        { text: '你好，世界', voice: 'zh', at: 29 },
        { text: 'Good morning everyone and welcome to the meeting.', at: 31.3 },
        { text: 'Today we will talk about the budget for next year.', at: 34.5 },
      ],
    });
    assert.equal(media.speech.length, 13, 'the generator keeps the sentences apart');
    const source = await openSource(media.file, { ...tools, segmentSeconds: 15 });
    try {
      assert.equal(source.info.hasVideo, true);
      assert.ok(Math.abs(source.info.durationSeconds - 39) < 0.1);
      const pieces = await collect(source);
      assert.ok(pieces.length >= 3, `${pieces.length} pieces`);
      checkPieces(pieces, media.speech, 15);
      assert.equal(spools().length, 1, 'one spool while open');
      // Each piece's audio is exactly that stretch of the decoded source.
      const parts: Buffer[] = [];
      for await (const chunk of decodePcm(media.file, tools)) parts.push(chunk);
      const whole = Buffer.concat(parts);
      for (const p of pieces) {
        const pcm = await source.readPcm(p);
        const from = Math.round(p.start * 16000) * 2;
        assert.equal(pcm.length, Math.round(p.end * 16000) * 2 - from);
        assert.ok(pcm.equals(whole.subarray(from, from + pcm.length)), `piece ${p.index} audio matches`);
      }
    } finally {
      await source.close();
    }
    assert.deepEqual(spools(), [], 'close() removes the spool');
  });

  it('cuts a 20-minute MP3 into pieces of at most the segment length, quickly', async () => {
    const media = await makeLongSpeech({ dir, name: 'lecture', minutes: 20, format: 'mp3' });
    for (const segmentSeconds of [30, 60]) {
      const started = Date.now();
      const source = await openSource(media.file, { ...tools, segmentSeconds });
      let firstAfter = 0;
      const pieces: Piece[] = [];
      for await (const p of source.pieces) {
        firstAfter ||= Date.now() - started;
        pieces.push(p);
      }
      await source.close();
      assert.ok(firstAfter < 3000, `first piece after ${firstAfter} ms`);
      assert.ok(pieces.length >= 20, `${pieces.length} pieces`);
      checkPieces(pieces, media.speech, segmentSeconds);
      assert.ok(pieces[pieces.length - 1].end > 1190, 'pieces reach the end');
    }
  });

  it('waits in readPcm for audio not decoded yet', async () => {
    const media = await makeLongSpeech({ dir, name: 'long-wav', minutes: 10, format: 'wav' });
    const source = await openSource(media.file, { ...tools, segmentSeconds: 30 });
    try {
      const pcm = await source.readPcm({ start: 598, end: 599 });
      assert.equal(pcm.length, 32000);
    } finally {
      await source.close();
    }
  });

  it('finds no pieces in silence, and cuts a pauseless tone at the segment length', async () => {
    const silence = await makeSilence({ dir, name: 'quiet', seconds: 20, format: 'flac' });
    const quiet = await openSource(silence.file, { ...tools, segmentSeconds: 30 });
    assert.deepEqual(await collect(quiet), []);
    await quiet.close();
    const tone = await makeTone({ dir, name: 'tone', seconds: 70, format: 'ogg' });
    const source = await openSource(tone.file, { ...tools, segmentSeconds: 30 });
    const pieces = await collect(source);
    await source.close();
    assert.equal(pieces.length, 3);
    assert.equal(pieces[2].end, 70);
    for (const [i, p] of pieces.entries()) {
      assert.ok(p.end - p.start <= 30 && (i === 2 || p.end - p.start > 24), `piece ${i}: ${p.start}–${p.end}`);
      if (i > 0) assert.equal(p.start, pieces[i - 1].end, 'pieces of a pauseless sound meet');
    }
  });

  it('reads WAV with no ffmpeg and no ffprobe at all', async () => {
    const media = await makeSpeech({ dir, name: 'plain', channels: 2, sampleRate: 48000, segments: [{ text: 'Hello there.', at: 0.5 }] });
    const source = await openSource(media.file, { ffmpegPath: missing, ffprobePath: missing, segmentSeconds: 30 });
    const pieces = await collect(source);
    await source.close();
    assert.equal(pieces.length, 1);
    checkPieces(pieces, media.speech, 30);
  });

  it('rejects each bad input with its reason and a sentence naming the file', async () => {
    const good: GeneratedMedia = await makeSpeech({ dir, name: 'good', format: 'mp4', segments: [{ text: 'Hello.', at: 0.2 }] });
    const text = path.join(dir, 'notes.wav');
    fs.writeFileSync(text, 'These are my notes, not audio.\n');
    const textMp3 = path.join(dir, 'notes.mp3');
    fs.copyFileSync(text, textMp3);
    const truncated = path.join(dir, 'cut.mp4');
    fs.writeFileSync(truncated, fs.readFileSync(good.file).subarray(0, Math.floor(fs.statSync(good.file).size / 2)));
    const empty = path.join(dir, 'empty.mp3');
    fs.writeFileSync(empty, '');
    const video = (await makeVideoWithoutAudio({ dir, name: 'silent-film' })).file;
    const cases: Array<[string, ErrorReason, Partial<SourceOptions>?]> = [
      [path.join(dir, 'nowhere.mp3'), 'fileNotFound'],
      [dir, 'notAFile'],
      [empty, 'emptyFile'],
      [text, 'notMedia'],
      [textMp3, 'notMedia'],
      [truncated, 'notMedia'],
      [video, 'noAudio'],
      [good.file, 'ffmpegMissing', { ffmpegPath: missing }],
      [good.file, 'ffmpegMissing', { ffprobePath: missing }],
      [text, 'notMedia', { ffprobePath: missing, ffmpegPath: missing }],
    ];
    for (const [file, reason, extra] of cases) {
      await assert.rejects(openSource(file, { ...tools, segmentSeconds: 30, ...extra }), (e) => {
        assert.ok(TranslateError.is(e, reason), `${file}: expected ${reason}, got ${String(e)}`);
        if (reason !== 'ffmpegMissing') assert.ok(e.message.includes(file), `"${e.message}" names the file`);
        assert.ok(!e.message.includes('\n'), 'one line');
        return true;
      });
    }
    assert.deepEqual(spools(), [], 'no spool left behind');
  });

  it('reports a decode failure from the pieces iterator', async () => {
    const media = await makeSpeech({ dir, name: 'broken', format: 'mp3', segments: [{ text: 'Hello.', at: 0.2 }] });
    // A stand-in for ffmpeg that starts, then fails the way ffmpeg does.
    const fake = path.join(dir, 'fake-ffmpeg');
    fs.writeFileSync(fake, '#!/bin/sh\necho "Error while decoding stream #0:0: Invalid data found when processing input" >&2\nexit 1\n', { mode: 0o755 });
    const source = await openSource(media.file, { ...tools, ffmpegPath: fake, segmentSeconds: 30 });
    await assert.rejects(collect(source), (e) => {
      assert.ok(TranslateError.is(e, 'decodeFailed'));
      assert.equal(e.message, `${media.file} could not be decoded: Error while decoding stream #0:0: Invalid data found when processing input.`);
      return true;
    });
    await source.close();
    assert.deepEqual(spools(), []);
  });

  it('stops decoding and cleans up when aborted', async () => {
    const media = await makeLongSpeech({ dir, name: 'abort', minutes: 10, format: 'mp3' });
    const early = new AbortController();
    early.abort();
    await assert.rejects(openSource(media.file, { ...tools, segmentSeconds: 30, signal: early.signal }), { name: 'AbortError' });

    const controller = new AbortController();
    const source = await openSource(media.file, { ...tools, segmentSeconds: 30, signal: controller.signal });
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const piece of source.pieces) {
          assert.equal(piece.index, seen++);
          controller.abort();
        }
      })(),
      { name: 'AbortError' },
    );
    assert.ok(seen >= 1);
    await source.close();
    assert.deepEqual(spools(), []);
  });
});
