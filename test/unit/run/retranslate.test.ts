import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { TranslateEvent } from '../../../src/core/events';
import { buildJob } from '../../../src/core/job';
import { renderRecordFiles } from '../../../src/core/record/renderFiles';
import type { TranslationRecord } from '../../../src/core/record/schema';
import { retranslatePiece, type RetranslateJob } from '../../../src/core/run/retranslate';
import { translate } from '../../../src/core/translate';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech } from '../../fakes/media';
import { parseSubtitles } from '../../fakes/parseSubtitles';
import { cliEnv, runCli } from '../../fakes/runCli';

const key = 'sk-test-retranslate-0123456789abcdef';
const exts = ['srt', 'vtt', 'txt', 'wav', 'json'] as const;

describe('retranslating one piece', () => {
  let api: FakeApi;
  let dir: string;
  let media: string;
  let first: Map<string, Buffer>;
  let work: string;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-retranslate-'));
    const made = await makeSpeech({
      dir,
      name: 'talk',
      format: 'wav',
      segments: [
        { text: 'Good morning everyone, and welcome to the meeting.', at: 0.5 },
        { text: 'Today we will talk about the budget for next year.', at: 6.5 },
        { text: 'And about the new office, which opens in spring.', at: 12.5 },
        { text: 'Thank you all for coming.', at: 18.5 },
      ],
      totalSeconds: 23,
    });
    media = made.file;
    const job = buildJob({
      input: media,
      targetLanguage: 'en',
      speech: true,
      formats: [...exts],
      apiKey: key,
      baseUrl: api.baseUrl,
      segmentSeconds: 5,
      cacheDir: path.join(dir, 'cache'),
      ifExists: 'overwrite',
    });
    for await (const ev of translate(job)) void ev;
    first = new Map(exts.map((e) => [e, fs.readFileSync(path.join(dir, `talk.en.${e}`))]));
  });
  beforeEach(() => {
    // Each test starts from the run's own files, in a folder of its own beside the source.
    work = fs.mkdtempSync(path.join(dir, 'work-'));
    fs.copyFileSync(media, path.join(work, 'talk.wav'));
    for (const [ext, bytes] of first) fs.writeFileSync(path.join(work, `talk.en.${ext}`), bytes);
    api.setOptions({ sentenceChars: undefined, speech: undefined, ttftMs: 0 });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const jobFor = (pieceIndex: number): RetranslateJob => ({
    recordFile: path.join(work, 'talk.en.json'),
    pieceIndex,
    api: { apiKey: key, baseUrl: api.baseUrl },
    policy: { concurrency: 1, maxRetries: 1, stallSeconds: 30, requestsPerMinute: 100, tokensPerMinute: 100_000 },
    ffmpegPath: 'ffmpeg',
    ffprobePath: 'ffprobe',
    cacheDir: path.join(dir, 'cache'),
  });
  const read = (ext: string): Buffer => fs.readFileSync(path.join(work, `talk.en.${ext}`));
  const record = (bytes = read('json')): TranslationRecord => JSON.parse(bytes.toString('utf8')) as TranslationRecord;
  const run = async (job: RetranslateJob, signal?: AbortSignal): Promise<TranslateEvent[]> => {
    const events: TranslateEvent[] = [];
    for await (const ev of retranslatePiece(job, signal)) events.push(ev);
    return events;
  };

  it('changes only that piece in the record, its cues in the subtitles and its bytes of the dub', async () => {
    const old = record(first.get('json'));
    assert.ok(new Set(old.pieces.map((p) => p.index)).size >= 3, 'the source is cut into several pieces');
    const k = old.pieces[1].index;
    const sent = api.requests.length;
    api.setOptions({ sentenceChars: 24, speech: { toneShiftHz: 250 } });
    const events = await run(jobFor(k));
    assert.equal(api.requests.length, sent + 1, 'one request, not the cache');
    assert.equal(events[events.length - 1].type, 'done');

    const now = record();
    const others = (r: TranslationRecord): unknown => [r.pieces.filter((p) => p.index !== k), r.cues.filter((c) => c.piece !== k)];
    assert.deepEqual(others(now), others(old), 'every other piece and cue is as it was');
    const textOf = (r: TranslationRecord): string => r.pieces.filter((p) => p.index === k).map((p) => p.text).join(' ');
    assert.notEqual(textOf(now), textOf(old), 'the piece has its new text');
    assert.notDeepEqual(now.cues.filter((c) => c.piece === k), old.cues.filter((c) => c.piece === k));

    // The subtitle files are rendered from the new record: the other pieces' cues are the same lines.
    const srt = parseSubtitles(read('srt').toString('utf8'));
    assert.deepEqual(srt, now.cues.map(({ start, end, text }) => ({ start, end, text })));
    assert.deepEqual(parseSubtitles(read('vtt').toString('utf8')), srt);
    assert.ok(read('txt').toString('utf8').includes(textOf(now).trim()));

    // The dub: the same length, and every byte outside the piece's stretch unchanged.
    const before = first.get('wav')!;
    const afterWav = read('wav');
    assert.equal(afterWav.length, before.length);
    const placed = old.pieces.find((p) => p.index === k)!.dub!;
    const from = 44 + Math.round(placed.start * 24_000) * 2;
    const to = from + Math.round(placed.seconds * 24_000) * 2;
    const changed = differingRange(before, afterWav);
    assert.ok(changed, 'the piece\'s speech changed');
    assert.ok(changed.first >= from && changed.last < to, `bytes ${changed.first}-${changed.last} lie in the piece's ${from}-${to}`);

    // The cache holds the new answer, so rendering the record again gives the same dub.
    const again = fs.mkdtempSync(path.join(dir, 'again-'));
    await renderRecordFiles(path.join(work, 'talk.en.json'), { formats: ['wav'], outDir: again, cacheDir: path.join(dir, 'cache') });
    assert.ok(fs.readFileSync(path.join(again, 'talk.en.wav')).equals(afterWav), 'render gives the rewritten dub byte for byte');
  });

  it('keeps the new answer where render looks for a record sent with video context', async () => {
    const vdir = fs.mkdtempSync(path.join(dir, 'video-'));
    const clip = await makeSpeech({
      dir: vdir,
      name: 'clip',
      format: 'mp4',
      segments: [
        { text: 'Good morning everyone, and welcome to the meeting.', at: 0.5 },
        { text: 'Today we will talk about the budget for next year.', at: 6.5 },
      ],
      totalSeconds: 12,
    });
    const cacheDir = path.join(vdir, 'cache');
    const job = buildJob({ input: clip.file, targetLanguage: 'en', speech: true, formats: ['srt', 'wav', 'json'], apiKey: key, baseUrl: api.baseUrl, segmentSeconds: 5, cacheDir });
    for await (const ev of translate(job)) void ev;
    const file = path.join(vdir, 'clip.en.json');
    assert.equal(record(fs.readFileSync(file)).options.videoContext, true, 'the clip went with its picture');
    api.setOptions({ sentenceChars: 24, speech: { toneShiftHz: 250 } });
    await run({ ...jobFor(0), recordFile: file, cacheDir });
    const again = fs.mkdtempSync(path.join(vdir, 'again-'));
    await renderRecordFiles(file, { formats: ['wav'], outDir: again, cacheDir });
    assert.ok(fs.readFileSync(path.join(again, 'clip.en.wav')).equals(fs.readFileSync(path.join(vdir, 'clip.en.wav'))), 'render gives the rewritten dub byte for byte');
  });

  it('retries a failed request like a run, saying so, and writes only the answer that arrived', async () => {
    const sent = api.requests.length;
    api.faults.push({ kind: '500' });
    api.setOptions({ sentenceChars: 24 });
    const events = await run(jobFor(record().pieces[0].index));
    assert.equal(api.requests.length, sent + 2, 'the failed request and its retry');
    assert.ok(events.some((e) => e.type === 'pieceRetry'), 'the retry is reported');
    const done = events.find((e): e is Extract<TranslateEvent, { type: 'done' }> => e.type === 'done');
    assert.equal(done?.summary.requests, 2);
    assert.equal(done?.summary.retries, 1);
  });

  it('keeps every file as it was when cancelled before the new piece arrives', async () => {
    api.setOptions({ ttftMs: 20_000, sentenceChars: 24 });
    const stop = new AbortController();
    const seen: string[] = [];
    const failure = await (async () => {
      try {
        for await (const ev of retranslatePiece(jobFor(record().pieces[0].index), stop.signal)) {
          seen.push(ev.type);
          if (ev.type === 'pieceStarted') stop.abort();
        }
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    assert.ok(failure, 'the retranslation fails');
    assert.match(failure.message, /was cancelled; nothing was changed\./u);
    assert.ok(seen.includes('pieceStarted'));
    for (const [ext, bytes] of first) assert.ok(read(ext).equals(bytes), `talk.en.${ext} is unchanged`);
    assert.deepEqual(fs.readdirSync(work).filter((f) => f.endsWith('.tmp')), [], 'no temporary file is left');
  });

  it('keeps new speech longer than its place within it, and says so', async () => {
    const old = record(first.get('json'));
    const k = old.pieces[0].index;
    api.setOptions({ speech: { toneShiftHz: 100, lengthFactor: 3 } });
    const events = await run(jobFor(k));
    const warned = events.filter((e): e is Extract<TranslateEvent, { type: 'note' }> => e.type === 'note' && e.level === 'warn');
    assert.ok(warned.some((n) => /longer than its place in talk\.en\.wav, so its end was cut off/u.test(n.message)), 'the trim is reported');
    const next = old.pieces.find((p) => p.index !== k && p.dub)!.dub!;
    const changed = differingRange(first.get('wav')!, read('wav'))!;
    assert.ok(changed.last < 44 + Math.round(next.start * 24_000) * 2, 'nothing at or after the next piece\'s speech changed');
    assert.ok(record().warnings.some((w) => /cut off/u.test(w)), 'the record keeps the warning');
  });

  it('keeps cues edited by hand in the .srt of the other pieces', async () => {
    const old = record(first.get('json'));
    const k = old.pieces[old.pieces.length - 1].index;
    const srt = read('srt').toString('utf8').replace(old.cues[0].text, 'My own first line');
    fs.writeFileSync(path.join(work, 'talk.en.srt'), srt);
    api.setOptions({ sentenceChars: 24 });
    await run(jobFor(k));
    const cues = parseSubtitles(read('srt').toString('utf8'));
    assert.equal(cues[0].text, 'My own first line');
    assert.equal(record().cues[0].text, 'My own first line', 'the record holds the edit too');
  });

  it('runs from the command line: media-translate retranslate talk.en.json --piece 2', async () => {
    const old = record(first.get('json'));
    api.setOptions({ sentenceChars: 24 });
    const env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    const ok = await runCli(['retranslate', path.join(work, 'talk.en.json'), '--piece', '2'], { env });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /^Translating piece 2 \(\d\d:\d\d–\d\d:\d\d\) again…$/mu);
    assert.match(ok.stdout, /Wrote .*talk\.en\.srt/u);
    assert.doesNotMatch(ok.stdout + ok.stderr, new RegExp(key, 'u'));
    const k = old.pieces.map((p) => p.index).filter((v, i, all) => all.indexOf(v) === i)[1];
    assert.deepEqual(record().cues.filter((c) => c.piece !== k), old.cues.filter((c) => c.piece !== k));
    const missing = await runCli(['retranslate', path.join(work, 'talk.en.json'), '--piece', '99'], { env });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^media-translate: talk\.en\.json has no piece 99; it has pieces 1 to \d+\.\n$/u);
  });

  it('names the piece that does not exist', async () => {
    await assert.rejects(run(jobFor(99)), /talk\.en\.json has no piece 100; it has pieces 1 to \d+\./u);
  });
});

/** The first and last byte offsets where two buffers of the same length differ, or undefined when equal. */
function differingRange(a: Buffer, b: Buffer): { first: number; last: number } | undefined {
  let first = -1;
  let last = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? undefined : { first, last };
}
