import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { TranslateError } from '../../../src/core/errors';
import type { TranslateEvent } from '../../../src/core/events';
import type { TranslateJob } from '../../../src/core/job';
import type { Span } from '../../../src/core/timeline';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi, type Fault } from '../../fakes/fakeApi';
import { makeLongSpeech, makeSpeech, type GeneratedMedia } from '../../fakes/media';
import { parseSubtitles } from '../../fakes/parseSubtitles';
import { cliEnv, runCli, type CliRun } from '../../fakes/runCli';

const key = 'sk-test-resilience-retries-0123456789';

/** The summary line the CLI prints last but the "Wrote" lines, as numbers. */
function summaryOf(run: CliRun): { pieces: number; requests: number; retries: number; fromCache: number } {
  const m = /: (\d+) pieces?(?:, (\d+) from the cache)?, (\d+) requests?, (\d+) retr(?:y|ies),/.exec(run.stderr);
  assert.ok(m, `a summary line in ${run.stderr}`);
  return { pieces: Number(m[1]), fromCache: Number(m[2] ?? 0), requests: Number(m[3]), retries: Number(m[4]) };
}

/** Every cue starts on a stretch of measured speech and ends at most 0.6 s after it; every stretch has a cue. */
function assertCuesOnSpeech(srt: string, speech: Span[]): void {
  const cues = parseSubtitles(srt);
  for (const cue of cues) {
    const home = speech.find((s) => cue.start >= s.start - 0.3 && cue.start < s.end && cue.end <= s.end + 0.6);
    assert.ok(home, `cue ${cue.start.toFixed(2)}–${cue.end.toFixed(2)} "${cue.text}" lies on speech`);
  }
  for (const s of speech) assert.ok(cues.some((c) => c.start < s.end && c.end > s.start), `speech at ${s.start.toFixed(2)} has a cue`);
  for (let i = 1; i < cues.length; i++) assert.ok(cues[i].start >= cues[i - 1].end, 'cues never overlap');
}

/** "Stretch two says …" sentences, in order. */
function sentences(text: string): string[] {
  return text.match(/Stretch [a-z0-9]+ says[^.]*\./g) ?? [];
}

describe('retries, truncation and stalls', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;
  let lecture: GeneratedMedia;
  let short: GeneratedMedia;
  let clean: { srt: string; txt: string; stdout: string; pieces: number };

  const job = (input: string, { stallSeconds = 5 } = {}): TranslateJob => engineJob(input, { apiKey: key, baseUrl: api.baseUrl, dir }, { stallSeconds });
  const collect = collectEvents;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-retries-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 3 });
    short = await makeSpeech({
      dir,
      name: 'short',
      segments: [
        { text: 'Good morning everyone, and welcome to the meeting.', at: 0.5 },
        { text: 'Today we will talk about the budget for next year.', at: 5 },
        { text: 'Thank you all for coming.', at: 9.5 },
      ],
      totalSeconds: 13,
    });
    // The same file without faults, as the answer every faulty run must reproduce.
    const out = path.join(dir, 'clean');
    fs.mkdirSync(out);
    const r = await runCli([lecture.file, '--to', 'en', '--no-cache', '--out-dir', out], { env });
    assert.equal(r.code, 0, r.stderr);
    clean = {
      srt: fs.readFileSync(path.join(out, 'lecture.en.srt'), 'utf8'),
      txt: fs.readFileSync(path.join(out, 'lecture.en.txt'), 'utf8'),
      stdout: r.stdout,
      pieces: summaryOf(r).pieces,
    };
  });
  beforeEach(() => {
    api.faults.length = 0;
    api.setOptions({ ttftMs: 0, workPerSourceSecondMs: 0, chunkDelayMs: 0, maxOutputTokens: 4096 });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finishes a 3-minute source whose first six requests meet six different faults, every cue once and on its speech', async (t) => {
    assert.ok(clean.pieces >= 6, `the clean run has ${clean.pieces} pieces`);
    assertCuesOnSpeech(clean.srt, lecture.speech);
    const faults: Fault[] = [
      { kind: '429', retryAfterSeconds: 1 },
      { kind: '500' },
      { kind: 'drop', afterChunks: 3 },
      { kind: 'errorInStream', afterChunks: 3 },
      { kind: 'stall', afterChunks: 3, ms: 4000 },
      { kind: 'malformed' },
    ];
    api.faults.push(...faults);
    const first = api.requests.length;
    const out = path.join(dir, 'faulty');
    fs.mkdirSync(out);
    const started = Date.now();
    const r = await runCli([lecture.file, '--to', 'en', '--no-cache', '--stall-seconds', '1', '--out-dir', out], { env });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(r.code, 0, r.stderr);

    // Each fault met one request, and the partial text of the broken streams never reached the files.
    const sent = api.requests.slice(first);
    assert.deepEqual(sent.slice(0, 6).map((q) => q.fault?.kind), faults.map((f) => f.kind));
    assert.equal(fs.readFileSync(path.join(out, 'lecture.en.srt'), 'utf8'), clean.srt);
    assert.equal(fs.readFileSync(path.join(out, 'lecture.en.txt'), 'utf8'), clean.txt);
    assert.equal(r.stdout, clean.stdout, 'stdout holds each piece once');
    const said = sentences(clean.txt);
    assert.ok(said.length >= clean.pieces * 3, `${said.length} sentences`);
    assertCuesOnSpeech(fs.readFileSync(path.join(out, 'lecture.en.srt'), 'utf8'), lecture.speech);

    // The summary counts the six retries, and stderr says why each one happened.
    const s = summaryOf(r);
    assert.deepEqual(s, { pieces: clean.pieces, fromCache: 0, requests: clean.pieces + 6, retries: 6 });
    assert.equal(sent.length, clean.pieces + 6);
    for (const why of [/rate limit/, /server error/, /connection dropped|ended early/, /reported an error during the answer/, /sent nothing for 1\.0 s/, /not valid JSON/]) {
      assert.match(r.stderr, why);
    }
    t.diagnostic(`${s.pieces} pieces, ${s.requests} requests, ${s.retries} retries in ${seconds.toFixed(1)} s`);
    assert.ok(seconds < 15, `took ${seconds.toFixed(1)} s`);
  });

  for (const c of [
    { name: 'a 401', fault: { kind: '401' } as Fault, says: /rejected the key/ },
    { name: 'a 400 for invalid input', fault: { kind: '400' } as Fault, says: /rejected the request \(HTTP 400: The request is invalid\)/ },
    { name: 'a 400 data_inspection_failed', fault: { kind: '400', code: 'data_inspection_failed' } as Fault, says: /content moderation blocked/ },
    { name: 'a 400 Arrearage', fault: { kind: '400', code: 'Arrearage' } as Fault, says: /overdue balance/ },
    { name: 'a 403 AccessDenied.Unpurchased', fault: { kind: '403', code: 'AccessDenied.Unpurchased' } as Fault, says: /refused access to the model \(HTTP 403: Access to model denied\..*\); check that Model Studio is activated/ },
    { name: 'a 403 AllocationQuota.FreeTierOnly', fault: { kind: '403', code: 'AllocationQuota.FreeTierOnly' } as Fault, says: /free quota is used up .*\(HTTP 403: The free tier of the model has been exhausted\..*\); turn off "stop when the free quota is used up"/ },
    { name: 'a 404 for an unknown model', args: ['--model', 'qwen-no-such-model'], says: /does not offer this model/ },
  ]) {
    it(`does not retry ${c.name}, and names the piece's time range`, async () => {
      if (c.fault) api.faults.push(c.fault);
      const first = api.requests.length;
      const out = fs.mkdtempSync(path.join(dir, 'perm-'));
      const r = await runCli([short.file, '--to', 'en', '--no-cache', '--out-dir', out, ...(c.args ?? [])], { env });
      assert.equal(r.code, 1, r.stderr);
      assert.equal(api.requests.length - first, 1, 'exactly one request');
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('media-translate:'));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0], /^media-translate: short\.wav: Piece 00:00–00:1\d: /);
      assert.match(errors[0], c.says);
      assert.doesNotMatch(r.stderr, /Retrying/);
      assert.deepEqual(fs.readdirSync(out), [], 'no output files');
    });
  }

  it('waits at least the Retry-After of a 429 before sending again', async (t) => {
    api.faults.push({ kind: '429', retryAfterSeconds: 2 });
    const first = api.requests.length;
    const events = await collect(job(short.file));
    assert.equal(events.at(-1)?.type, 'done');
    const [limited, retry] = api.requests.slice(first);
    assert.equal(limited.outcome?.status, 429);
    t.diagnostic(`the retry came ${retry.at - limited.at} ms after a 429 with Retry-After: 2`);
    assert.ok(retry.at - limited.at >= 1950, `the retry came ${retry.at - limited.at} ms after the 429`);
    const retryEvent = events.find((e) => e.type === 'pieceRetry');
    assert.ok(retryEvent?.type === 'pieceRetry' && retryEvent.delayMs >= 2000, 'the retry event announces the wait');
  });

  it('aborts a request that sends nothing for stallSeconds and sends it again', async (t) => {
    api.faults.push({ kind: 'stall', afterChunks: 2, ms: 10_000 });
    const first = api.requests.length;
    const started = Date.now();
    const events = await collect(job(short.file, { stallSeconds: 1 }));
    const ms = Date.now() - started;
    assert.equal(events.at(-1)?.type, 'done');
    t.diagnostic(`finished in ${ms} ms despite a 10 s stall`);
    assert.ok(ms < 4000, `finished in ${ms} ms, not after the 10 s stall`);
    const retry = events.find((e) => e.type === 'pieceRetry');
    assert.ok(retry?.type === 'pieceRetry', 'a retry event');
    assert.match(retry.reason, /^Piece 00:00–00:1\d: the API sent nothing for 1\.0 s/);
    const [stalled, again] = api.requests.slice(first);
    assert.ok(again.at - stalled.at >= 1000, 'the retry follows the stall timeout');
    assert.equal(again.outcome?.finishReason, 'stop');
    // The stalled request is gone from the server, not left hanging.
    for (let i = 0; i < 20 && stalled.outcome === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(stalled.outcome?.end, 'clientClosed');
    const done = events.find((e) => e.type === 'done');
    assert.ok(done?.type === 'done' && done.summary.retries === 1 && done.summary.requests === 2);
  });

  it('splits a piece whose answer stops with finish_reason length, and translates both halves', async () => {
    api.faults.push({ kind: 'length' });
    const first = api.requests.length;
    const events = await collect(job(short.file));
    const sent = api.requests.slice(first);
    assert.deepEqual(sent.map((q) => q.outcome?.finishReason), ['length', 'stop', 'stop']);
    const [whole, a, b] = sent;
    assert.ok(Math.abs((a.audioSeconds ?? 0) + (b.audioSeconds ?? 0) - (whole.audioSeconds ?? 0)) < 0.01, 'the halves cover the piece');
    const retry = events.find((e) => e.type === 'pieceRetry');
    assert.ok(retry?.type === 'pieceRetry');
    assert.match(retry.reason, /reached the output limit; translating it in two halves/);
    const done = events.find((e) => e.type === 'pieceDone');
    assert.ok(done?.type === 'pieceDone');
    // The answer is the two halves' answers, whole, and nothing of the truncated one.
    assert.equal(done.text, `${a.outcome?.text} ${b.outcome?.text}`);
    assert.equal(sentences(done.text).length, short.speech.length, `one sentence per stretch of speech: ${done.text}`);
    assert.ok(!events.some((e) => e.type === 'note' && e.level === 'warn'), 'no warning about a lost tail');
    const txt = fs.readFileSync((events.at(-1) as Extract<TranslateEvent, { type: 'done' }>).summary.files.txt as string, 'utf8');
    assert.equal(txt.trim(), done.text);
  });

  it('loses no tail when a low output limit truncates most pieces of a long source', async (t) => {
    api.setOptions({ maxOutputTokens: 20 });
    const first = api.requests.length;
    const events = await collect(job(lecture.file));
    const sent = api.requests.slice(first);
    const cut = sent.filter((q) => q.outcome?.finishReason === 'length');
    const whole = sent.filter((q) => q.outcome?.finishReason === 'stop');
    t.diagnostic(`${cut.length} answers cut off, ${whole.length} complete`);
    assert.ok(cut.length >= 3, `${cut.length} answers were cut off`);
    assert.equal(cut.length + whole.length, sent.length);
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    const txt = fs.readFileSync(done.summary.files.txt as string, 'utf8');
    // Every complete answer is in the text, and nothing else: one sentence per stretch the fake heard.
    for (const q of whole) assert.ok(txt.includes(q.outcome?.text ?? '?'), `"${q.outcome?.text}" is in the text`);
    assert.equal(sentences(txt).length, whole.reduce((n, q) => n + (q.stretches?.length ?? 0), 0));
    assert.ok(!events.some((e) => e.type === 'note' && e.level === 'warn'), 'no warning about a lost tail');
    assertCuesOnSpeech(fs.readFileSync(done.summary.files.srt as string, 'utf8'), lecture.speech);
  });

  it('gives up after the configured retries with the last error, naming the piece', async () => {
    api.faults.push({ kind: '503' }, { kind: '503' });
    const first = api.requests.length;
    const j = job(short.file);
    j.policy.maxRetries = 1;
    await assert.rejects(collect(j), (e: unknown) => {
      assert.ok(TranslateError.is(e, 'server'), String(e));
      assert.match(e.message, /^Piece 00:00–00:1\d: the API had a server error/);
      return true;
    });
    assert.equal(api.requests.length - first, 2);
    assert.deepEqual(fs.readdirSync(j.outDir as string), [], 'no output files');
  });
});
