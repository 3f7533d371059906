import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeTwoTrackMkv, type TwoTrackMedia } from '../../fakes/multiTrack';
import { parseSubtitles } from '../../fakes/parseSubtitles';
import { cliEnv, runCli } from '../../fakes/runCli';

const key = 'sk-test-audio-tracks-0123456789';

describe('media with several audio tracks', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;
  let mkv: TwoTrackMedia;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-tracks-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    mkv = await makeTwoTrackMkv({ dir, name: 'film' });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh output folder for one run. */
  const outDir = (): string => fs.mkdtempSync(path.join(dir, 'out-'));

  it('translates the default track when the first one is silent, and says which track it used', async () => {
    const out = outDir();
    const r = await runCli([mkv.file, '--to', 'en', '--out-dir', out, '--no-cache'], { env });
    assert.equal(r.code, 0, r.stderr);
    const cues = parseSubtitles(fs.readFileSync(path.join(out, 'film.en.srt'), 'utf8'));
    assert.ok(cues.length >= 2, `cues: ${JSON.stringify(cues)}`);
    assert.match(r.stderr, /Translating audio track 1 \(ger, Dialogue, vorbis, mono\) of the 2 in .*film\.mkv, the file's default\./);
    assert.match(r.stderr, /--audio-track/);
    assert.ok(!r.stderr.includes(key));
  });

  it('translates the track chosen with --audio-track (0-based among audio tracks)', async () => {
    const silent = await runCli([mkv.file, '--to', 'en', '--out-dir', outDir(), '--no-cache', '--audio-track', '0'], { env });
    assert.equal(silent.code, 1, silent.stderr);
    assert.match(silent.stderr, /No speech was found in audio track 0 \(eng, Silence, vorbis, mono\) of .*film\.mkv, which has 2: 0: eng, Silence, vorbis, mono; 1: ger, Dialogue, vorbis, mono\. Choose another track with --audio-track <n>\./);
    const out = outDir();
    const spoken = await runCli([mkv.file, '--to', 'en', '--out-dir', out, '--no-cache', '--audio-track', '1'], { env });
    assert.equal(spoken.code, 0, spoken.stderr);
    assert.ok(parseSubtitles(fs.readFileSync(path.join(out, 'film.en.srt'), 'utf8')).length >= 2);
  });

  it('refuses a track the file does not have before sending anything, naming the tracks it has', async () => {
    const before = api.requests.length;
    const r = await runCli([mkv.file, '--to', 'en', '--out-dir', outDir(), '--no-cache', '--audio-track', '2'], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /film\.mkv has 2 audio tracks/);
    assert.match(r.stderr, /0: eng, Silence/);
    assert.match(r.stderr, /1: ger, Dialogue/);
    assert.equal(api.requests.length, before);
  });

  it('translates the first track with sound when the file marks none as default', async () => {
    const unmarked = await makeTwoTrackMkv({ dir, name: 'unmarked', markDefault: false });
    const out = outDir();
    const r = await runCli([unmarked.file, '--to', 'en', '--out-dir', out, '--no-cache'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Translating audio track 1 \(ger, Dialogue, vorbis, mono\) of the 2 in .*unmarked\.mkv, the first with sound\./);
    assert.ok(parseSubtitles(fs.readFileSync(path.join(out, 'unmarked.en.srt'), 'utf8')).length >= 2);
  });

  for (const bad of ['-1', '1.5', 'two']) {
    it(`treats --audio-track ${bad} as a usage error`, async () => {
      const r = await runCli([mkv.file, '--to', 'en', `--audio-track=${bad}`], { env });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--audio-track needs a whole number from 0/);
    });
  }
});
