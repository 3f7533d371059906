import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech } from '../../fakes/media';
import { parseSubtitles } from '../../fakes/parseSubtitles';
import { cliEnv, runCli } from '../../fakes/runCli';

const key = 'sk-test-record-0123456789abcdef';

describe('the translation record', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;
  let record: string;
  const outputs = ['srt', 'vtt', 'txt', 'wav'];
  const written = new Map<string, Buffer>();

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-record-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    const media = await makeSpeech({
      dir,
      name: 'talk',
      format: 'wav',
      segments: [
        { text: 'Good morning everyone, and welcome to the meeting.', at: 0.5 },
        { text: 'Yes.', at: 5.5 },
        { text: 'Today we will talk about the budget for next year, and about the new office.', at: 7.5 },
        { text: 'Thank you all for coming.', at: 14 },
      ],
      totalSeconds: 18,
    });
    const run = await runCli([media.file, '--to', 'en', '--audio', '--formats', 'srt,vtt,txt,wav,json'], { env });
    assert.equal(run.code, 0, run.stderr);
    record = path.join(dir, 'talk.en.json');
    for (const ext of outputs) written.set(ext, fs.readFileSync(path.join(dir, `talk.en.${ext}`)));
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds the source, the options, every piece and every cue of the run', () => {
    const r = JSON.parse(fs.readFileSync(record, 'utf8'));
    assert.equal(r.format, 'media-translate/translation');
    assert.equal(r.version, 1);
    assert.equal(r.source.path, 'talk.wav');
    assert.match(r.source.sha256, /^[0-9a-f]{64}$/u);
    assert.equal(r.options.targetLanguage, 'en');
    assert.equal(r.options.voice, 'Cherry');
    assert.equal(r.options.subtitleProfile, 'netflix');
    assert.ok(r.pieces.length >= 1);
    for (const p of r.pieces) {
      assert.ok(p.text.length > 0 && p.end > p.start && p.speech.length > 0);
      assert.equal(p.finishReason, 'stop');
      assert.ok(p.dub.seconds > 0 && p.dub.start >= p.start - 1e-6);
      assert.ok(p.usage.totalTokens > 0);
    }
    assert.deepEqual(
      r.cues.map((c: { start: number; end: number; text: string }) => ({ start: c.start, end: c.end, text: c.text })),
      parseSubtitles(written.get('srt')!.toString('utf8')),
    );
    assert.ok(r.usage.totalTokens >= r.pieces[0].usage.totalTokens);
  });

  it('renders every output byte for byte as the run wrote it, with no key and no server', async () => {
    const out = path.join(dir, 'again');
    const run = await runCli(['render', record, '--formats', outputs.join(','), '--out-dir', out], { env: { MEDIA_TRANSLATE_CACHE_DIR: path.join(dir, 'cache') } });
    assert.equal(run.code, 0, run.stderr);
    for (const ext of outputs) {
      const again = fs.readFileSync(path.join(out, `talk.en.${ext}`));
      assert.ok(again.equals(written.get(ext)!), `talk.en.${ext} is the same`);
    }
  });

  it('renders a hand-edited cue, and keeps an existing file that differs unless --force', async () => {
    const edited = path.join(dir, 'edited');
    fs.mkdirSync(edited);
    const r = JSON.parse(fs.readFileSync(record, 'utf8'));
    r.cues[0].text = 'Hello, and welcome.';
    r.cues[0].end = r.cues[0].start + 1.5;
    const file = path.join(edited, 'talk.en.json');
    fs.writeFileSync(file, JSON.stringify(r));
    fs.writeFileSync(path.join(edited, 'talk.en.srt'), 'my own edits\n');
    const refused = await runCli(['render', file, '--formats', 'srt,vtt'], {});
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /talk\.en\.srt already exists and differs from what the record renders\. Use --force/u);
    assert.equal(fs.readFileSync(path.join(edited, 'talk.en.srt'), 'utf8'), 'my own edits\n');
    assert.ok(!fs.existsSync(path.join(edited, 'talk.en.vtt')), 'nothing is written when one file is refused');
    const forced = await runCli(['render', file, '--formats', 'srt,vtt', '--force'], {});
    assert.equal(forced.code, 0, forced.stderr);
    const cues = parseSubtitles(fs.readFileSync(path.join(edited, 'talk.en.srt'), 'utf8'));
    assert.equal(cues[0].text, 'Hello, and welcome.');
    assert.equal(Math.round((cues[0].end - cues[0].start) * 1000), 1500);
    assert.deepEqual(parseSubtitles(fs.readFileSync(path.join(edited, 'talk.en.vtt'), 'utf8')), cues);
  });

  it('says in one sentence what is wrong with a record that is broken, not ours, or newer', async () => {
    const good = JSON.parse(fs.readFileSync(record, 'utf8'));
    const cases: [string, string, RegExp][] = [
      ['broken.en.json', '{"format": "media-translate/translation", "version": 1,', /broken\.en\.json is not valid JSON/u],
      ['other.en.json', JSON.stringify({ name: 'package', version: '1.0.0' }), /other\.en\.json is not a Media Translate translation record/u],
      ['newer.en.json', JSON.stringify({ ...good, version: 7 }), /newer\.en\.json was written by a newer Media Translate \(record version 7; this one reads up to 1\)\. Update/u],
      ['cue.en.json', JSON.stringify({ ...good, cues: [{ start: 3, end: 1, text: 'x', piece: 0 }] }), /cue\.en\.json: cue 1 ends \(1 s\) before it starts \(3 s\)\./u],
      ['missing.en.json', '', /missing\.en\.json does not exist\./u],
    ];
    for (const [name, text, message] of cases) {
      const file = path.join(dir, name);
      if (text) fs.writeFileSync(file, text);
      const run = await runCli(['render', file], {});
      assert.equal(run.code, 1, `${name}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, `${name}: one line`);
    }
  });
});
