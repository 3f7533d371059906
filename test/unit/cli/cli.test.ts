import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { WaveFile } from 'wavefile';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeLongSpeech, makeSpeech } from '../../fakes/media';
import { parseSubtitles } from '../../fakes/parseSubtitles';
import { cliEnv, cliPath, runCli } from '../../fakes/runCli';

const run = promisify(execFile);
const key = 'sk-test-cli-0123456789abcdef';

describe('media-translate CLI', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-cli-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes subtitles, text and a dub track beside an MP4, with cues on the speech', async () => {
    const media = await makeSpeech({
      dir,
      name: 'talk',
      format: 'mp4',
      channels: 2,
      sampleRate: 44100,
      segments: [
        { text: 'Good morning everyone, and welcome to the meeting.', at: 0.5 },
        { text: 'Today we will talk about the budget for next year.', at: 6 },
        { text: 'Thank you all for coming.', at: 14 },
      ],
      totalSeconds: 20,
    });
    const result = await runCli([media.file, '--to', 'en', '--audio', '--formats', 'srt,vtt,txt,wav'], { env });
    assert.equal(result.code, 0, result.stderr);
    for (const ext of ['srt', 'vtt', 'txt', 'wav']) assert.ok(fs.existsSync(path.join(dir, `talk.en.${ext}`)), `talk.en.${ext} exists`);

    // ffmpeg itself reads both subtitle files.
    const cues = parseSubtitles(fs.readFileSync(path.join(dir, 'talk.en.srt'), 'utf8'));
    for (const ext of ['srt', 'vtt']) {
      const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', path.join(dir, `talk.en.${ext}`), '-f', 'srt', '-']);
      assert.equal(parseSubtitles(stdout).length, cues.length, `ffmpeg reads every cue of the .${ext}`);
    }
    assert.deepEqual(parseSubtitles(fs.readFileSync(path.join(dir, 'talk.en.vtt'), 'utf8')), cues);
    assert.ok(cues.length >= 3, `at least one cue per sentence, got ${cues.length}`);
    for (const cue of cues) {
      // A cue may start up to 0.3 s early and end up to 0.6 s late (reading time), never elsewhere.
      const home = media.speech.find((s) => cue.start >= s.start - 0.3 && cue.start < s.end && cue.end <= s.end + 0.6);
      assert.ok(home, `cue ${cue.start.toFixed(2)}–${cue.end.toFixed(2)} "${cue.text}" lies on speech ${JSON.stringify(media.speech)}`);
    }
    for (const s of media.speech) {
      assert.ok(cues.some((c) => c.start < s.end && c.end > s.start), `speech at ${s.start.toFixed(2)} has a cue`);
    }
    // The text streamed to stdout is the same as the .txt file.
    const txt = fs.readFileSync(path.join(dir, 'talk.en.txt'), 'utf8');
    assert.equal(result.stdout.replace(/\s+/g, ' ').trim(), txt.replace(/\s+/g, ' ').trim());

    const wav = new WaveFile(fs.readFileSync(path.join(dir, 'talk.en.wav')));
    const fmt = wav.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number };
    assert.deepEqual([fmt.sampleRate, fmt.numChannels, fmt.bitsPerSample], [24000, 1, 16]);
    const seconds = (wav.getSamples(false, Int16Array) as unknown as Int16Array).length / 24000;
    assert.ok(Math.abs(seconds - media.durationSeconds) < 0.05, `dub lasts ${seconds} s like the source's ${media.durationSeconds} s`);
  });

  it('sends a 20-minute source in pieces of at most 60 s', async () => {
    const media = await makeLongSpeech({ dir, name: 'lecture', minutes: 20, format: 'mp3' });
    const before = api.requests.length;
    const result = await runCli([media.file, '--to', 'de', '--quiet', '--no-cache'], { env });
    assert.equal(result.code, 0, result.stderr);
    const sent = api.requests.slice(before);
    assert.ok(sent.length >= 20, `${sent.length} requests`);
    for (const r of sent) assert.ok(r.audioSeconds !== undefined && r.audioSeconds <= 60, `a request of ${r.audioSeconds} s`);
    const cues = parseSubtitles(fs.readFileSync(path.join(dir, 'lecture.de.srt'), 'utf8'));
    assert.ok(cues[cues.length - 1].end > media.durationSeconds - 60, 'cues reach the end of the lecture');
    for (let i = 1; i < cues.length; i++) assert.ok(cues[i].start >= cues[i - 1].end, 'cues never overlap');
  });

  it('keeps existing outputs unless --force', async () => {
    const media = await makeSpeech({ dir, name: 'keep', segments: [{ text: 'Hello there.', at: 0.3 }] });
    const srt = path.join(dir, 'keep.en.srt');
    fs.writeFileSync(srt, 'mine');
    const kept = await runCli([media.file, '--to', 'en'], { env });
    assert.equal(kept.code, 1);
    assert.match(kept.stderr, /already exists/);
    assert.equal(fs.readFileSync(srt, 'utf8'), 'mine');
    const forced = await runCli([media.file, '--to', 'en', '--force'], { env });
    assert.equal(forced.code, 0, forced.stderr);
    // The file is replaced by real subtitles: one cue, on the one sentence.
    const cues = parseSubtitles(fs.readFileSync(srt, 'utf8'));
    assert.equal(cues.length, 1, fs.readFileSync(srt, 'utf8'));
    const [speech] = media.speech;
    assert.ok(cues[0].start >= speech.start - 0.3 && cues[0].start < speech.end && cues[0].end <= speech.end + 0.6, JSON.stringify({ cues, speech }));
  });

  it('runs as a program of its own, as npx and the bin link start it', async () => {
    // Started directly, not through `node`: it needs its shebang and the executable bit.
    const { stdout } = await run(cliPath, ['--version'], { env: { PATH: process.env.PATH ?? '' } });
    assert.match(stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('answers usage errors with exit code 2 and one line', async () => {
    for (const args of [['x.wav'], ['--to', 'en'], ['x.wav', '--to', 'en', '--concurrency', 'many'], ['x.wav', '--to', 'en', '--bogus']]) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
    }
  });

  it('reaches an HTTPS endpoint it trusts, and names an untrusted certificate', async () => {
    // The fake behind a TLS endpoint with a certificate of its own for 127.0.0.1, as a proxy that
    // inspects HTTPS would present one.
    const tlsDir = fs.mkdtempSync(path.join(dir, 'tls-'));
    const [keyFile, certFile] = [path.join(tlsDir, 'key.pem'), path.join(tlsDir, 'cert.pem')];
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile]);
    const fakePort = Number(new URL(api.baseUrl).port);
    const server = tls.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, (socket) => {
      const upstream = net.connect(fakePort, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}/compatible-mode/v1`;
      const media = await makeSpeech({ dir: tlsDir, name: 'secure', format: 'wav', segments: [{ text: 'This travels over TLS.', at: 0.5 }] });
      const sent = api.requests.length;
      const trusted = await runCli([media.file, '--to', 'en'], { env: { ...env, DASHSCOPE_BASE_URL: baseUrl, NODE_EXTRA_CA_CERTS: certFile } });
      assert.equal(trusted.code, 0, trusted.stderr);
      assert.ok(api.requests.length > sent, 'the request reached the API through TLS');
      assert.ok(parseSubtitles(fs.readFileSync(path.join(tlsDir, 'secure.en.srt'), 'utf8')).length >= 1);

      const untrusted = await runCli([media.file, '--to', 'en', '--force', '--retries', '0', '--no-cache'], { env: { ...env, DASHSCOPE_BASE_URL: baseUrl } });
      assert.equal(untrusted.code, 1, untrusted.stderr);
      assert.match(untrusted.stderr, /the API's TLS certificate was not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)\. If a proxy or firewall inspects HTTPS, .*NODE_EXTRA_CA_CERTS/);
    } finally {
      server.close();
    }
  });
});
