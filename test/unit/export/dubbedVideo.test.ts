import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech, type GeneratedMedia } from '../../fakes/media';
import { cliEnv, runCli } from '../../fakes/runCli';
import { TranslateError } from '../../../src/core/errors';
import { exportRecordVideo } from '../../../src/core/export/exportRecord';

const key = 'sk-test-dubbed-video-0123456789';

interface ProbedStream {
  codec_type: string;
  codec_name: string;
  tags?: { language?: string; title?: string; handler_name?: string };
}

function probe(file: string): { streams: ProbedStream[]; format: { duration: string } } {
  const json = execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_entries', 'stream=codec_type,codec_name:stream_tags=language,title,handler_name:format=duration', `file:${file}`]);
  return JSON.parse(json.toString('utf8'));
}

/** The MD5 of every packet of the first video stream, in order, as ffmpeg's framemd5 muxer gives them. */
function videoPackets(file: string): string[] {
  const out = execFileSync('ffmpeg', ['-v', 'error', '-i', `file:${file}`, '-map', '0:v:0', '-c', 'copy', '-f', 'framemd5', '-'], { maxBuffer: 64 * 1024 * 1024 });
  return out.toString('utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').pop()?.trim() ?? '');
}

/** One audio track as 24 kHz mono samples, after an optional ffmpeg filter. */
function samples(file: string, map: string, filter?: string): Int16Array {
  const args = ['-v', 'error', '-i', `file:${file}`, '-map', map, ...(filter ? ['-af', filter] : []), '-ac', '1', '-ar', '24000', '-f', 's16le', '-'];
  const pcm = execFileSync('ffmpeg', args, { maxBuffer: 64 * 1024 * 1024 });
  return new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2));
}

/** RMS of each 100 ms block. */
function blocks(s: Int16Array): number[] {
  const n = 2400;
  const out: number[] = [];
  for (let at = 0; at + n <= s.length; at += n) {
    let sum = 0;
    for (let i = at; i < at + n; i++) sum += (s[i] / 32768) ** 2;
    out.push(Math.sqrt(sum / n));
  }
  return out;
}

const db = (x: number): number => 20 * Math.log10(Math.max(x, 1e-9));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * An ffmpeg (with ffprobe beside it) that does everything but the export, the one run that reports
 * its progress: there it fails at once, or touches `<its folder>/exporting` and hangs.
 */
function exportBreakingFfmpeg(dir: string, how: 'fail' | 'hang'): string {
  const bin = fs.mkdtempSync(path.join(dir, 'bin-'));
  const ffmpeg = path.join(bin, 'ffmpeg');
  const real = execFileSync('which', ['ffmpeg']).toString().trim();
  const onExport =
    how === 'fail'
      ? "process.stderr.write('Conversion failed!\\n'); process.exit(1);"
      : `require('fs').writeFileSync(${JSON.stringify(path.join(bin, 'exporting'))}, ''); setInterval(() => {}, 1000); return;`;
  const script = [
    `#!${process.execPath}`,
    '(() => {',
    'const args = process.argv.slice(2);',
    `if (args.includes('-progress')) { ${onExport} }`,
    `const r = require('child_process').spawnSync(${JSON.stringify(real)}, args, { stdio: 'inherit' });`,
    'process.exit(r.status ?? 1);',
    '})();',
  ].join('\n');
  fs.writeFileSync(ffmpeg, script, { mode: 0o755 });
  fs.symlinkSync(execFileSync('which', ['ffprobe']).toString().trim(), path.join(bin, 'ffprobe'));
  return ffmpeg;
}

describe('Export Dubbed Video', () => {
  let api: FakeApi;
  let dir: string;
  let env: Record<string, string>;
  let talk: GeneratedMedia;
  let video: string;
  let stderr: string;

  before(async () => {
    api = await startFakeApi({ apiKey: key });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-dubbed-video-'));
    env = cliEnv({ apiKey: key, baseUrl: api.baseUrl, cacheDir: path.join(dir, 'cache') });
    // Steady noise stands in for music and effects: it must stay between the lines.
    talk = await makeSpeech({
      dir,
      name: 'talk',
      format: 'mp4',
      noiseDbfs: -30,
      segments: [
        { text: 'Good morning everyone, and welcome to the meeting.', at: 0.5 },
        { text: 'Today we look at the budget for next year.', at: 6 },
        { text: 'Thank you all for coming.', at: 12 },
      ],
      totalSeconds: 16,
    });
    const run = await runCli([talk.file, '--to', 'en', '--from', 'de', '--formats', 'srt,json,mp4', '--segment-seconds', '6'], { env });
    assert.equal(run.code, 0, run.stderr);
    stderr = run.stderr;
    video = path.join(dir, 'talk.en.mp4');
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies the picture, adds the dub and the original as audio tracks and the subtitles as a text track, each with its language', () => {
    assert.match(stderr, /Wrote .*talk\.en\.mp4/);
    const p = probe(video);
    const kinds = p.streams.map((s) => `${s.codec_type}:${s.codec_name}:${s.tags?.language}`);
    assert.deepEqual(kinds, ['video:h264:und', 'audio:aac:eng', 'audio:aac:deu', 'subtitle:mov_text:eng']);
    assert.deepEqual(p.streams.slice(1).map((s) => s.tags?.title ?? s.tags?.handler_name), ['English dub (Cherry)', 'Original', 'English subtitles']);
    assert.deepEqual(videoPackets(video), videoPackets(talk.file));
    assert.ok(Math.abs(Number(p.format.duration) - talk.durationSeconds) < 0.1, `${p.format.duration} s against ${talk.durationSeconds} s`);
  });

  it('lowers the original sound under the dub by at least 10 dB and keeps it between lines', () => {
    // The dub's own blocks say where it speaks; the noise is measured above the dub's tones.
    const dub = blocks(samples(path.join(dir, 'talk.en.wav'), '0:a:0'));
    const noise = blocks(samples(video, '0:a:0', 'highpass=f=3000,highpass=f=3000,highpass=f=3000'));
    const under: number[] = [];
    const between: number[] = [];
    dub.forEach((level, i) => {
      const near = dub.slice(Math.max(0, i - 6), i + 7);
      if (level > 0.05 && near.slice(3, 10).every((l) => l > 0.05)) under.push(noise[i]);
      else if (near.every((l) => l < 0.001)) between.push(noise[i]);
    });
    assert.ok(under.length >= 5 && between.length >= 5, `${under.length} blocks under speech, ${between.length} between`);
    const drop = db(mean(between)) - db(mean(under));
    assert.ok(drop >= 10, `the original is only ${drop.toFixed(1)} dB lower under the speech`);
  });

  it('renders the same video from the record with no request, and the dub alone with --export-mix dubOnly', async () => {
    const before = api.requests.length;
    const out = fs.mkdtempSync(path.join(dir, 'render-'));
    const run = await runCli(['render', path.join(dir, 'talk.en.json'), '--formats', 'mp4', '--export-mix', 'dubOnly', '--out-dir', out], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(api.requests.length, before);
    const again = path.join(out, 'talk.en.mp4');
    assert.equal(probe(again).streams.length, 4);
    const noise = blocks(samples(again, '0:a:0', 'highpass=f=3000,highpass=f=3000,highpass=f=3000'));
    assert.ok(db(Math.max(...noise)) < -50, 'no original sound in the dub-only track');
  });

  it('writes an MKV with SRT subtitles for an MKV source', async () => {
    const mkv = path.join(dir, 'clip.mkv');
    execFileSync('ffmpeg', ['-v', 'error', '-i', `file:${talk.file}`, '-c', 'copy', `file:${mkv}`]);
    const run = await runCli([mkv, '--to', 'en', '--formats', 'json,mp4', '--segment-seconds', '6'], { env });
    assert.equal(run.code, 0, run.stderr);
    const p = probe(path.join(dir, 'clip.en.mkv'));
    assert.deepEqual(p.streams.map((s) => `${s.codec_type}:${s.codec_name}`), ['video:h264', 'audio:aac', 'audio:aac', 'subtitle:subrip']);
    assert.deepEqual(p.streams.slice(1).map((s) => s.tags?.title), ['English dub (Cherry)', 'Original', 'English subtitles']);
  });

  it('stops when cancelled and leaves no file behind', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'cancel-'));
    const stop = new AbortController();
    const failed = await exportRecordVideo(path.join(dir, 'talk.en.json'), {
      outDir: out,
      cacheDir: path.join(dir, 'cache'),
      signal: stop.signal,
      onProgress: () => stop.abort(),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(TranslateError.is(failed, 'cancelled'), String(failed));
    assert.deepEqual(fs.readdirSync(out), []);
  });

  it('writes none of the outputs when the export fails, and the same command then resumes', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'failed-export-'));
    const ffmpeg = exportBreakingFfmpeg(dir, 'fail');
    const args = [talk.file, '--to', 'en', '--from', 'de', '--formats', 'srt,json,mp4', '--segment-seconds', '6', '--out-dir', out];
    const failed = await runCli([...args, '--ffmpeg', ffmpeg], { env });
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /Could not write talk\.en\.mp4: ffmpeg stopped \(Conversion failed!\)/);
    assert.deepEqual(fs.readdirSync(out), [], 'no subtitles, record or dub without the video, and no temporary file');
    const again = await runCli(args, { env });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(fs.readdirSync(out).sort(), ['talk.en.json', 'talk.en.mp4', 'talk.en.srt', 'talk.en.wav']);
  });

  it('render stops the export on SIGTERM and leaves no file behind', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'render-stopped-'));
    const ffmpeg = exportBreakingFfmpeg(dir, 'hang');
    const run = await runCli(['render', path.join(dir, 'talk.en.json'), '--formats', 'mp4', '--out-dir', out, '--ffmpeg', ffmpeg], {
      env,
      signalAfter: { appears: path.join(path.dirname(ffmpeg), 'exporting'), signal: 'SIGTERM' },
    });
    assert.equal(run.code, 143, run.stderr);
    assert.match(run.stderr, /The export of talk\.en\.mp4 was cancelled\./);
    assert.deepEqual(fs.readdirSync(out), []);
  });

  it('refuses mp4 for a source without a picture, with a sentence', async () => {
    const wav = await makeSpeech({ dir, name: 'voice', format: 'wav', segments: [{ text: 'Hello there.', at: 0.2 }] });
    const run = await runCli([wav.file, '--to', 'en', '--formats', 'mp4'], { env });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /voice\.wav has no picture, so there is no video to dub/);
  });
});
