import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { TranslateError } from '../../../src/core/errors';
import { buildJob } from '../../../src/core/job';
import { translate } from '../../../src/core/translate';
import { startFakeApi, type FakeApi, type RecordedRequest } from '../../fakes/fakeApi';
import { makeLongSpeech, type GeneratedMedia } from '../../fakes/media';
import { cliEnv, runCli, type CliRun } from '../../fakes/runCli';

const key = 'sk-test-resilience-cancel-0123456789';

/** Every file under `dir`, relative to it, hidden ones included. */
function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: false }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

function cachedPieces(cacheDir: string): number {
  return listTree(cacheDir).filter((f) => f.endsWith('.json')).length;
}

/** Waits until the fake has nothing in flight and every request has its outcome; false after `ms`. */
async function settled(api: FakeApi, requests: RecordedRequest[], ms = 1000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (api.inFlight === 0 && requests.every((q) => q.outcome !== undefined)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

function summaryOf(run: CliRun): { pieces: number; requests: number; fromCache: number } {
  // One request (a resume with all but one piece cached) is said in the singular, as is one piece.
  const m = /: (\d+) pieces?(?:, (\d+) from the cache)?, (\d+) requests?,/.exec(run.stderr);
  assert.ok(m, `a summary line in ${run.stderr}`);
  return { pieces: Number(m[1]), fromCache: Number(m[2] ?? 0), requests: Number(m[3]) };
}

describe('cancellation and resume', () => {
  let api: FakeApi;
  let dir: string;
  let lecture: GeneratedMedia;
  /** The outputs and piece count of an uncached run, with no cancel. */
  let fresh: { srt: string; txt: string; pieces: number };

  /** A folder holding only a copy of the lecture, a private cache and a private TMPDIR. */
  const workspace = (name: string): { folder: string; file: string; cache: string; tmp: string; env: Record<string, string> } => {
    const root = fs.mkdtempSync(path.join(dir, `${name}-`));
    const folder = path.join(root, 'media');
    const cache = path.join(root, 'cache');
    const tmp = path.join(root, 'tmp');
    fs.mkdirSync(folder);
    fs.mkdirSync(tmp);
    const file = path.join(folder, 'lecture.wav');
    fs.copyFileSync(lecture.file, file);
    const env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: cache, tmpDir: tmp });
    return { folder, file, cache, tmp, env };
  };

  /** Runs the CLI and sends SIGINT once stderr shows `text`; returns the run, when the signal went and the ms from it to the exit. */
  const interrupt = async (args: string[], env: Record<string, string>, text: string): Promise<{ run: CliRun; signalledAt: number; exitMs: number }> => {
    let seen = '';
    let signalledAt = 0;
    const run = await runCli(args, {
      env,
      onStderr: (t) => {
        seen += t;
        if (!signalledAt && seen.includes(text)) signalledAt = Date.now();
      },
      signalAfter: { text, signal: 'SIGINT' },
    });
    assert.ok(signalledAt > 0, `stderr showed "${text}": ${run.stderr}`);
    return { run, signalledAt, exitMs: Date.now() - signalledAt };
  };

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-cancel-'));
    lecture = await makeLongSpeech({ dir, name: 'lecture', minutes: 3 });
    const w = workspace('fresh');
    const r = await runCli([w.file, '--to', 'en', '--no-cache'], { env: w.env });
    assert.equal(r.code, 0, r.stderr);
    fresh = {
      srt: fs.readFileSync(path.join(w.folder, 'lecture.en.srt'), 'utf8'),
      txt: fs.readFileSync(path.join(w.folder, 'lecture.en.txt'), 'utf8'),
      pieces: summaryOf(r).pieces,
    };
  });
  beforeEach(() => {
    api.faults.length = 0;
    // About 0.5 s of server time per 15-second piece, so a run lasts a couple of seconds.
    api.setOptions({ ttftMs: 100, workPerSourceSecondMs: 30 });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops on Ctrl-C with exit code 130 within a second, aborting requests and leaving no files', async (t) => {
    const w = workspace('sigint');
    const first = api.requests.length;
    const { run, exitMs } = await interrupt([w.file, '--to', 'en', '--audio'], w.env, ': 2/');
    assert.equal(run.code, 130, run.stderr);
    t.diagnostic(`exited ${exitMs} ms after SIGINT`);
    assert.ok(exitMs < 1500, `exited ${exitMs} ms after SIGINT`);
    const lines = run.stderr.trim().split('\n');
    assert.match(lines[lines.length - 1], /^media-translate: lecture\.wav: Cancelled\. Finished pieces are kept; run the same command again to resume\.$/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');

    // The requests in flight were cut, not left to finish.
    const sent = api.requests.slice(first);
    assert.ok(await settled(api, sent), `the fake still streams ${api.inFlight} answers`);
    assert.ok(sent.some((q) => q.outcome?.end === 'clientClosed'), 'some request was aborted mid-answer');
    // Only the source is left in its folder: no outputs and no `.lecture.en.wav.*.tmp`; the temporary
    // decode folder is gone too.
    assert.deepEqual(listTree(w.folder), ['lecture.wav']);
    assert.deepEqual(listTree(w.tmp), []);
    assert.ok(cachedPieces(w.cache) >= 2, 'finished pieces are kept');
  });

  it('rejects with reason cancelled within a second when the engine is aborted', async (t) => {
    const w = workspace('abort');
    const controller = new AbortController();
    const job = buildJob({ input: w.file, targetLanguage: 'en', apiKey: key, baseUrl: api.baseUrl, policy: { stallSeconds: 10 }, cacheDir: w.cache });
    const first = api.requests.length;
    let abortedAt = 0;
    await assert.rejects(
      (async () => {
        for await (const ev of translate(job, controller.signal)) {
          if (ev.type === 'pieceDone' && !abortedAt) {
            abortedAt = Date.now();
            controller.abort();
          }
        }
      })(),
      (e: unknown) => {
        assert.ok(TranslateError.is(e, 'cancelled'), String(e));
        assert.match(e.message, /lecture\.wav was cancelled\.$/);
        return true;
      },
    );
    const ms = Date.now() - abortedAt;
    t.diagnostic(`rejected ${ms} ms after the abort`);
    assert.ok(ms < 1000, `rejected ${ms} ms after the abort`);
    assert.ok(await settled(api, api.requests.slice(first)), 'every request was closed');
    assert.deepEqual(listTree(w.folder), ['lecture.wav']);
  });

  it('resumes after a cancel at about half, sending only the missing pieces and saying so', async (t) => {
    const w = workspace('resume');
    const half = Math.floor(fresh.pieces / 2);
    const first = api.requests.length;
    const { run: cancelled, signalledAt } = await interrupt([w.file, '--to', 'en'], w.env, `: ${half}/`);
    assert.equal(cancelled.code, 130, cancelled.stderr);
    const sentBefore = api.requests.slice(first);
    assert.ok(await settled(api, sentBefore));
    // A piece is finished when the CLI has all of its answer. The fake may complete an answer a few
    // milliseconds after the signal, before the CLI closes the connection, so the cache is the
    // measure, checked against what the fake saw: every answer it completed well before the signal
    // is there, and none it did not complete.
    const finished = cachedPieces(w.cache);
    const ends = sentBefore.filter((q) => q.outcome?.end === 'done').map((q) => q.at + (q.outcome?.durationMs ?? 0));
    assert.ok(finished >= ends.filter((end) => end < signalledAt - 50).length, 'every piece finished before the signal is in the cache');
    assert.ok(finished <= ends.length, 'only finished pieces are in the cache');
    assert.ok(finished >= half && finished < fresh.pieces, `${finished} of ${fresh.pieces} pieces finished before the cancel`);
    t.diagnostic(`${finished} of ${fresh.pieces} pieces finished before the cancel`);

    // The second run sends exactly the pieces the first did not finish.
    api.setOptions({ ttftMs: 0, workPerSourceSecondMs: 0 });
    const second = api.requests.length;
    const resumed = await runCli([w.file, '--to', 'en'], { env: w.env });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(api.requests.length - second, fresh.pieces - finished);
    assert.match(resumed.stderr, /lecture\.wav: Resuming: pieces finished by an earlier run come from the cache/);
    assert.deepEqual(summaryOf(resumed), { pieces: fresh.pieces, fromCache: finished, requests: fresh.pieces - finished });
    assert.equal(fs.readFileSync(path.join(w.folder, 'lecture.en.srt'), 'utf8'), fresh.srt);
    assert.equal(fs.readFileSync(path.join(w.folder, 'lecture.en.txt'), 'utf8'), fresh.txt);

    // A third run is all cache.
    const third = api.requests.length;
    const again = await runCli([w.file, '--to', 'en', '--force'], { env: w.env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(api.requests.length, third);
    assert.equal(summaryOf(again).fromCache, fresh.pieces);

    // --no-cache sends everything and adds nothing to the cache.
    const before = listTree(w.cache);
    const noCache = api.requests.length;
    const uncached = await runCli([w.file, '--to', 'en', '--force', '--no-cache'], { env: w.env });
    assert.equal(uncached.code, 0, uncached.stderr);
    assert.equal(api.requests.length - noCache, fresh.pieces);
    assert.doesNotMatch(uncached.stderr, /Resuming/);
    assert.deepEqual(listTree(w.cache), before);

    // --clear-cache empties it, and the next run sends everything again.
    const cleared = await runCli(['--clear-cache'], { env: w.env });
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.equal(cleared.stdout.trim(), `Removed ${fresh.pieces} cached pieces from ${w.cache}.`);
    assert.equal(cachedPieces(w.cache), 0);
    const afterClear = api.requests.length;
    const rerun = await runCli([w.file, '--to', 'en', '--force'], { env: w.env });
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.equal(api.requests.length - afterClear, fresh.pieces);
    assert.deepEqual(listTree(w.tmp), [], 'no temporary files left by any run');
  });
});
