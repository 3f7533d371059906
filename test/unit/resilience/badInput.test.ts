import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeCutShortMp4, makeSilence, makeSpeech, makeVideoWithoutAudio, type GeneratedMedia } from '../../fakes/media';
import { parseSubtitles } from '../../fakes/parseSubtitles';
import { cliEnv, runCli } from '../../fakes/runCli';

const key = 'sk-test-resilience-input-0123456789';

/** Every entry in `dir` (hidden ones included), sorted. */
function entries(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe('bad input on the command line', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;
  let speech: GeneratedMedia;

  /** A fresh folder holding the named files, copied from `from` or written from a string. */
  const folder = (files: Record<string, string | { from: string }> = {}): string => {
    const f = fs.mkdtempSync(path.join(dir, 'case-'));
    for (const [name, content] of Object.entries(files)) {
      if (typeof content === 'string') fs.writeFileSync(path.join(f, name), content);
      else fs.copyFileSync(content.from, path.join(f, name));
    }
    return f;
  };

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-input-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    speech = await makeSpeech({ dir, name: 'speech', segments: [{ text: 'Good morning, and welcome to the meeting.', at: 0.4 }] });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cases: Array<{
    name: string;
    /** Builds the folder and returns the path to pass, and any extra arguments. */
    setup: () => Promise<{ folder: string; input: string; args?: string[] }>;
    /** The command line is at fault: exit code 2, before any file is read. */
    usage?: boolean;
    says: RegExp;
  }> = [
    {
      name: 'a missing file',
      setup: async () => {
        const f = folder();
        return { folder: f, input: path.join(f, 'nothing.wav') };
      },
      says: /nothing\.wav does not exist\.$/,
    },
    {
      name: 'a folder',
      setup: async () => {
        const f = folder();
        fs.mkdirSync(path.join(f, 'clips.wav'));
        return { folder: f, input: path.join(f, 'clips.wav') };
      },
      says: /clips\.wav is a folder, not a media file\.$/,
    },
    {
      name: 'an empty file',
      setup: async () => {
        const f = folder({ 'empty.mp3': '' });
        return { folder: f, input: path.join(f, 'empty.mp3') };
      },
      says: /empty\.mp3 is empty \(0 bytes\)\.$/,
    },
    {
      name: 'a text file named .wav',
      setup: async () => {
        const f = folder({ 'notes.wav': 'These are my meeting notes, not audio.\n'.repeat(20) });
        return { folder: f, input: path.join(f, 'notes.wav') };
      },
      says: /notes\.wav is not an audio or video file that can be read\.$/,
    },
    {
      name: 'a truncated MP4',
      setup: async () => {
        const f = folder();
        const whole = await makeSpeech({
          dir: f,
          name: 'whole',
          format: 'mp4',
          segments: [{ text: 'Good morning, and welcome to the meeting.', at: 0.4 }],
        });
        const bytes = fs.readFileSync(whole.file);
        fs.writeFileSync(path.join(f, 'cut.mp4'), bytes.subarray(0, Math.floor(bytes.length / 2)));
        fs.rmSync(whole.file);
        return { folder: f, input: path.join(f, 'cut.mp4') };
      },
      says: /cut\.mp4 is not an audio or video file that can be read\.$/,
    },
    {
      name: 'a video with no audio track',
      setup: async () => {
        const f = folder();
        const video = await makeVideoWithoutAudio({ dir: f, name: 'silent-film' });
        return { folder: f, input: video.file };
      },
      says: /silent-film\.mp4 has no audio track\.$/,
    },
    {
      name: 'a file of only silence',
      setup: async () => {
        const f = folder();
        const quiet = await makeSilence({ dir: f, name: 'quiet', seconds: 4 });
        return { folder: f, input: quiet.file };
      },
      says: /No speech was found in .*quiet\.wav\.$/,
    },
    {
      name: 'an unknown language',
      setup: async () => {
        const f = folder({ 'talk.wav': { from: speech.file } });
        return { folder: f, input: path.join(f, 'talk.wav'), args: ['--to', 'klingon'] };
      },
      says: /Unknown language "klingon"\. Use one of: en \(English\), .*\.$/,
      // The command line's own fault: a usage error, said before any file is read.
      usage: true,
    },
    {
      name: 'an unknown voice',
      setup: async () => {
        const f = folder({ 'talk.wav': { from: speech.file } });
        return { folder: f, input: path.join(f, 'talk.wav'), args: ['--audio', '--voice', 'Siri'] };
      },
      says: /Unknown voice "Siri"\. Voices for English: Cherry, Nofish, Ethan\.$/,
      // The command line's own fault: a usage error, said before any file is read.
      usage: true,
    },
    {
      name: 'a voice that cannot speak the target',
      setup: async () => {
        const f = folder({ 'talk.wav': { from: speech.file } });
        return { folder: f, input: path.join(f, 'talk.wav'), args: ['--audio', '--voice', 'Kiki'] };
      },
      says: /Kiki does not speak English\. Voices for English: Cherry, Nofish, Ethan\.$/,
      // The command line's own fault: a usage error, said before any file is read.
      usage: true,
    },
    {
      name: 'speech for a text-only target',
      setup: async () => {
        const f = folder({ 'talk.wav': { from: speech.file } });
        return { folder: f, input: path.join(f, 'talk.wav'), args: ['--to', 'th', '--audio'] };
      },
      says: /Thai translations are text only; speech can be produced for English, .*\. Leave out speech or pick one of those\.$/,
      // The command line's own fault: a usage error, said before any file is read.
      usage: true,
    },
  ];

  for (const c of cases) {
    const usage = c.usage === true;
    const what = usage ? 'exit code 2 and one sentence' : 'exit code 1, one sentence naming the file,';
    it(`answers ${c.name} with ${what} and no stray files`, async () => {
      const { folder: f, input, args = [] } = await c.setup();
      const before = entries(f);
      const sent = api.requests.length;
      const r = await runCli([input, ...(args.includes('--to') ? [] : ['--to', 'en']), ...args], { env, cwd: f });
      assert.equal(r.code, usage ? 2 : 1, r.stderr);
      assert.ok(r.stderr.endsWith('\n'), 'stderr ends its last line');
      const lines = r.stderr.slice(0, -1).split('\n');
      const errors = lines.filter((l) => l.startsWith('media-translate:'));
      assert.equal(errors.length, 1, r.stderr);
      const [line] = errors;
      if (usage) {
        assert.deepEqual(lines, [line, 'Run media-translate --help for usage.']);
      } else {
        assert.equal(line, lines[lines.length - 1], 'the error is the last line');
        // Any other line is the progress line announcing the file, printed before the error.
        for (const other of lines.slice(0, -1)) assert.match(other, /^[^:]+: \d+:\d\d of media → English\.$/);
        assert.ok(line.startsWith(`media-translate: ${path.basename(input)}: `), line);
      }
      assert.match(line, c.says);
      assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+|Error:|TypeError|undefined/, 'no stack trace or internals');
      assert.equal(r.stdout, '');
      assert.equal(api.requests.length, sent, 'nothing was sent');
      assert.deepEqual(entries(f), before, 'no stray files');
    });
  }

  it('warns when a file cut short decodes only its first part, and still writes what it decoded', async () => {
    const f = folder();
    const cut = (await makeCutShortMp4({ dir: f, name: 'cut' })).file;
    const r = await runCli([cut, '--to', 'en'], { env, cwd: f });
    assert.equal(r.code, 0, r.stderr);
    const warning = /Only 00:(\d\d) of audio could be decoded from .*cut\.mp4, which says it lasts 00:20: the file may be cut short or damaged\. The outputs cover the first 00:\1\./;
    assert.match(r.stderr, warning);
    const decoded = Number(warning.exec(r.stderr)?.[1]);
    assert.ok(decoded >= 5 && decoded <= 15, `${decoded} s decoded of 20`);
    const cues = parseSubtitles(fs.readFileSync(path.join(f, 'cut.en.srt'), 'utf8'));
    assert.ok(cues.length >= 1 && cues.every((c) => c.end <= decoded + 1), 'cues cover the decoded part only');
    // A whole file says nothing of the kind.
    const whole = await makeSpeech({ dir: f, name: 'whole', format: 'mp4', segments: [{ text: 'Nothing is missing here.', at: 0.5 }] });
    const full = await runCli([whole.file, '--to', 'en'], { env, cwd: f });
    assert.equal(full.code, 0, full.stderr);
    assert.doesNotMatch(full.stderr, /could be decoded/);
  });

  it('writes empty outputs for a file of only silence when --allow-empty is given', async () => {
    const f = folder();
    const quiet = await makeSilence({ dir: f, name: 'quiet', seconds: 4 });
    const r = await runCli([quiet.file, '--to', 'en', '--allow-empty', '--formats', 'srt,vtt,txt'], { env, cwd: f });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(entries(f), ['quiet.en.srt', 'quiet.en.txt', 'quiet.en.vtt', 'quiet.wav']);
    assert.deepEqual(parseSubtitles(fs.readFileSync(path.join(f, 'quiet.en.srt'), 'utf8')), []);
    assert.deepEqual(parseSubtitles(fs.readFileSync(path.join(f, 'quiet.en.vtt'), 'utf8')), []);
    assert.equal(fs.readFileSync(path.join(f, 'quiet.en.txt'), 'utf8').trim(), '');
  });

  it('translates files whose names hold quotes, $(...), spaces, Unicode or a leading dash, and runs nothing', async () => {
    const names = [`it's "quoted".wav`, '$(touch pwned).wav', 'with  two spaces.wav', 'Grüße 日本語 ✓.wav', '-rf.wav', '`touch pwned2`;.wav'];
    const f = folder(Object.fromEntries(names.map((n) => [n, { from: speech.file }])));
    let first: ReturnType<typeof parseSubtitles> | undefined;
    for (const name of names) {
      const r = await runCli(['--to', 'en', '--', name], { env, cwd: f });
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      const stem = name.slice(0, -'.wav'.length);
      const cues = parseSubtitles(fs.readFileSync(path.join(f, `${stem}.en.srt`), 'utf8'));
      assert.ok(cues.length >= 1, `${name} has cues`);
      // Every file is a copy of the same speech: an odd name changes nothing in what comes out.
      first ??= cues;
      assert.deepEqual(cues, first, `${name} gives the same subtitles`);
      assert.match(r.stderr, new RegExp(`Wrote .*${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.en\\.srt`));
    }
    const expected = names.flatMap((n) => [n, `${n.slice(0, -4)}.en.srt`, `${n.slice(0, -4)}.en.txt`]).sort();
    assert.deepEqual(entries(f), expected, 'exactly the sources and their outputs');
    assert.ok(!fs.existsSync(path.join(f, 'pwned')) && !fs.existsSync(path.join(f, 'pwned2')), 'no command ran');
    assert.ok(!fs.existsSync(path.join(process.cwd(), 'pwned')), 'no command ran in the test folder');
  });
});
