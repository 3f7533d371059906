import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { formatSpan } from '../../../src/core/timeline';
import { TranslateError } from '../../../src/core/errors';
import type { Span } from '../../../src/core/timeline';
import type { TranslateEvent } from '../../../src/core/events';
import type { RequestPolicy, TranslateJob } from '../../../src/core/job';
import { translate } from '../../../src/core/translate';
import { describeFailure } from '../../../src/vscode/messages';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi, type Fault } from '../../fakes/fakeApi';
import { makeLongSpeech, makeSpeech, type GeneratedMedia } from '../../fakes/media';
import { cliEnv, runCli } from '../../fakes/runCli';

/** Runs the CLI, and fails if the key shows anywhere in what it printed. */
async function cli(...args: Parameters<typeof runCli>): ReturnType<typeof runCli> {
  const r = await runCli(...args);
  for (const text of [r.stdout, r.stderr]) assert.ok(!text.includes(key.slice(3)), `the key is printed: ${text}`);
  return r;
}

const key = 'sk-test-failure-names-0123456789';

/** What a run threw; fails the test when it did not throw. */
async function failureOf(run: Promise<unknown>): Promise<TranslateError> {
  try {
    await run;
  } catch (e) {
    assert.ok(TranslateError.is(e), `a TranslateError, not ${String(e)}`);
    return e;
  }
  assert.fail('the run succeeded');
}

describe('failures are named for what happened', () => {
  let api: FakeApi;
  let dir: string;
  let lecture: GeneratedMedia;
  let short: GeneratedMedia;

  const job = (media: GeneratedMedia, policy: Partial<RequestPolicy> = {}): TranslateJob =>
    engineJob(media.file, { apiKey: key, baseUrl: api.baseUrl, dir }, { stallSeconds: 10, ...policy });

  /**
   * Aims `fault` at the lecture's second piece and a stall at its first, by their lengths, so the
   * second fails while the first is still in flight whatever order their requests arrive in.
   */
  const failSecondPiece = (fault: Fault): void => {
    const near = (seconds: number | undefined, span: Span): boolean => seconds !== undefined && Math.abs(seconds - (span.end - span.start)) < 0.01;
    api.setOptions({
      pickFault: (q) => (near(q.audioSeconds, pieces[0]) ? { kind: 'stall', afterChunks: 1, ms: 1500 } : near(q.audioSeconds, pieces[1]) ? fault : undefined),
    });
  };
  let pieces: Span[];

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-names-'));
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 1 });
    short = await makeSpeech({ dir, name: 'short', segments: [{ text: 'Good morning everyone, and welcome.', at: 0.4 }] });
    // The lecture's pieces as the engine cuts them, told apart by their lengths.
    const events = await collectEvents(job(lecture));
    pieces = events.flatMap((ev) => (ev.type === 'pieceStarted' ? [ev.piece] : []));
    assert.ok(pieces.length >= 2 && Math.abs(pieces[0].end - pieces[0].start - (pieces[1].end - pieces[1].start)) > 0.05, JSON.stringify(pieces));
  });
  beforeEach(() => {
    api.faults.length = 0;
    api.setOptions({ pickFault: undefined });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of [
    { name: 'a 400 data_inspection_failed', fault: { kind: '400', code: 'data_inspection_failed' } as Fault, reason: 'contentBlocked', says: /content moderation blocked/ },
    { name: 'a 401', fault: { kind: '401' } as Fault, reason: 'unauthorized', says: /rejected the key/ },
  ]) {
    it(`reports ${c.name} on the second piece while the first still streams, with its range, and not as cancelled`, async () => {
      failSecondPiece(c.fault);
      const e = await failureOf(collectEvents(job(lecture, { concurrency: 2 })));
      assert.equal(e.reason, c.reason, e.message);
      assert.match(e.message, c.says);
      assert.deepEqual(e.range && [e.range.start, e.range.end], [pieces[1].start, pieces[1].end], 'names the second piece');
      assert.ok(e.message.startsWith(`Piece ${formatSpan(pieces[1])}: `), e.message);
      const shown = describeFailure(e, { name: 'lecture.wav', region: 'singapore', cached: true });
      assert.doesNotMatch(shown.text, /cancel/i);
      assert.notEqual(shown.level, 'info');
    });
  }

  it('the CLI says the real error of a later piece, not "cancelled"', async () => {
    failSecondPiece({ kind: '400', code: 'data_inspection_failed' });
    const env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache-cli') });
    const out = fs.mkdtempSync(path.join(dir, 'cli-'));
    const r = await cli([lecture.file, '--to', 'en', '--concurrency', '2', '--out-dir', out], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /cancel/i);
    assert.ok(r.stderr.includes(`lecture.wav: Piece ${formatSpan(pieces[1])}: the API's content moderation blocked`), r.stderr);
  });

  it("warns per piece when the content filter stopped an answer, and counts it in the summary", async () => {
    api.faults.push({ kind: 'finish', reason: 'content_filter' });
    const events = await collectEvents(job(short));
    const done = events.find((ev) => ev.type === 'done');
    assert.ok(done?.type === 'done');
    assert.equal(done.summary.warnings.length, 1, JSON.stringify(done.summary.warnings));
    assert.match(done.summary.warnings[0], /^Piece 00:00–\d\d:\d\d: the API's content filter stopped the answer \(finish_reason content_filter\)/);
  });

  it("the CLI prints the content filter's warning for the piece and counts it in its summary line", async () => {
    api.faults.push({ kind: 'finish', reason: 'content_filter' });
    const env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache-warn') });
    const r = await cli([short.file, '--to', 'en', '--out-dir', fs.mkdtempSync(path.join(dir, 'cli-'))], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /short\.wav: Piece 00:00–\d\d:\d\d: the API's content filter stopped the answer/);
    assert.match(r.stderr, /short\.wav: 1 piece, 1 request, 0 retries, \d+ audio in \+ \d+ text out = \d+ tokens, 1 warning, /);
  });

  it('warns per piece when speech was asked for and the answer has none', async () => {
    api.faults.push({ kind: 'noSpeech' });
    const events = await collectEvents({ ...job(short), voice: 'Cherry', formats: ['srt', 'wav'] });
    const done = events.find((ev) => ev.type === 'done');
    assert.ok(done?.type === 'done');
    assert.deepEqual(
      done.summary.warnings.map((w) => w.replace(/–\d\d:\d\d/, '–…')),
      ['Piece 00:00–…: the API sent the text but no translated speech, so this stretch is silent in the dub.'],
    );
  });

  it('warns per piece when an answer is empty, and counts it in the summary', async () => {
    api.faults.push({ kind: 'empty' });
    const events = await collectEvents(job(short));
    const done = events.find((ev) => ev.type === 'done');
    assert.ok(done?.type === 'done');
    assert.equal(done.summary.warnings.length, 1, JSON.stringify(done.summary.warnings));
    assert.match(done.summary.warnings[0], /^Piece 00:00–\d\d:\d\d: the API answered with no translation/);
  });

  it('says a web page came back instead of the API, without retrying', async () => {
    api.faults.push({ kind: 'html' });
    const first = api.requests.length;
    const e = await failureOf(collectEvents(job(short)));
    assert.match(e.message, /answered with a web page \(text\/html\) instead of the API's event stream; check the base URL/);
    assert.equal(api.requests.length - first, 1, 'not retried');
  });

  it("says a proxy's or firewall's web page with an error status is not the API's answer, without retrying", async () => {
    for (const status of [403, 407, 413]) {
      api.faults.push({ kind: 'html', status });
      const first = api.requests.length;
      const e = await failureOf(collectEvents(job(short)));
      assert.match(e.message, new RegExp(`answered HTTP ${status} with a web page \\(text/html\\) instead of the API's answer; check the base URL, and whether a proxy or firewall is in the way`));
      assert.doesNotMatch(e.message, /Model Studio is activated|the API rejected/);
      assert.equal(api.requests.length - first, 1, 'not retried');
    }
  });

  it("says what a JSON answer instead of the event stream holds: the server's error, or a completion that does not stream", async () => {
    api.faults.push({ kind: 'json', body: { error: { code: 'data_inspection_failed', message: 'Input data may contain inappropriate content.' } } });
    const blocked = await failureOf(collectEvents(job(short)));
    assert.ok(TranslateError.is(blocked, 'contentBlocked'), `${blocked.reason}: ${blocked.message}`);
    const first = api.requests.length;
    api.faults.push({ kind: 'json', body: { object: 'chat.completion', choices: [{ message: { content: 'Hallo' }, finish_reason: 'stop' }] } });
    const whole = await failureOf(collectEvents(job(short)));
    assert.match(whole.message, /answered with JSON \(application\/json\) instead of the API's event stream; check the base URL/);
    assert.equal(api.requests.length - first, 1, 'not retried');
  });

  it('says an answer whose compression does not decode could not be decoded', async () => {
    api.faults.push({ kind: 'badGzip' }, { kind: 'badGzip' });
    const e = await failureOf(collectEvents(job(short, { maxRetries: 1 })));
    assert.match(e.message, /the answer came compressed and could not be decoded \(Z_DATA_ERROR\)/);
  });

  it('names an HTTP status outside 100–599 as it was, without retrying', async () => {
    api.faults.push({ kind: 'status', status: 600 });
    const first = api.requests.length;
    const e = await failureOf(collectEvents(job(short)));
    assert.match(e.message, /HTTP 600/);
    assert.doesNotMatch(e.message, /502/);
    assert.equal(api.requests.length - first, 1, 'not retried');
  });

  it('backs off from a 429 without Retry-After for seconds, not milliseconds', async () => {
    api.faults.push({ kind: '429' });
    const controller = new AbortController();
    let retry: Extract<TranslateEvent, { type: 'pieceRetry' }> | undefined;
    await assert.rejects(async () => {
      for await (const ev of translate(job(short), controller.signal)) {
        if (ev.type === 'pieceRetry') {
          retry = ev;
          controller.abort();
        }
      }
    });
    assert.ok(retry, 'a retry was announced');
    assert.ok(retry.delayMs >= 5000, `the first wait is ${retry.delayMs} ms`);
  });

  it('gives up on a 429 with advice on what to do', async () => {
    api.faults.push({ kind: '429' });
    const e = await failureOf(collectEvents(job(short, { maxRetries: 0, concurrency: 2 })));
    assert.equal(e.reason, 'rateLimited');
    assert.match(e.message, /lower the concurrency.*check the account's rate limits/);
  });

  it('does not wait a day when the server asks for it, and says what it asked', async () => {
    api.faults.push({ kind: '429', retryAfterSeconds: 86400 });
    // Cancelled after a while, so that waiting the day fails the test instead of hanging it.
    const e = await failureOf(
      (async () => {
        for await (const ev of translate(job(short), AbortSignal.timeout(20_000))) void ev;
      })(),
    );
    assert.equal(e.reason, 'rateLimited');
    assert.match(e.message, /asked to wait 24 h/);
  });
});
