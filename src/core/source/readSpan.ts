import { TranslateError } from '../errors';
import { inputArg, lastLine, runTool } from '../tools/ffmpeg';
import { SOURCE_RATE, type Span } from '../timeline';
import { isPlainPcm, readWavLayout, readWavPcm } from './wavReader';

/**
 * One stretch of a source as 16 kHz mono s16le, without decoding what comes before it: what
 * retranslating one piece sends, so a piece near the end of a two-hour file costs seconds, not a
 * decode of the whole file. Plain PCM WAV is read in code, giving exactly the samples a run read;
 * anything else is decoded by ffmpeg from a seek to the stretch (an argument array, no shell).
 */
export async function readSpanPcm(file: string, span: Span, o: { ffmpegPath: string; signal?: AbortSignal }): Promise<Buffer> {
  const from = Math.max(0, Math.round(span.start * SOURCE_RATE)) * 2;
  const to = Math.max(from, Math.round(span.end * SOURCE_RATE) * 2);
  const layout = await readWavLayout(file).catch(() => undefined);
  if (layout && isPlainPcm(layout)) {
    const out = Buffer.alloc(to - from);
    let at = 0;
    let filled = 0;
    for await (const chunk of readWavPcm(file, layout, { signal: o.signal })) {
      const lo = Math.max(from, at);
      const hi = Math.min(to, at + chunk.length);
      if (hi > lo) filled += chunk.copy(out, lo - from, lo - at, hi - at);
      at += chunk.length;
      if (at >= to) break;
    }
    return out.subarray(0, filled);
  }
  const seconds = (to - from) / 2 / SOURCE_RATE;
  const args = [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-ss', (from / 2 / SOURCE_RATE).toFixed(6), '-t', seconds.toFixed(6),
    '-i', inputArg(file),
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-ac', '1', '-ar', String(SOURCE_RATE), '-f', 's16le',
    'pipe:1',
  ];
  const run = await runTool(o.ffmpegPath, args, { signal: o.signal, maxStdoutBytes: to - from + 4096 });
  if (run.code !== 0) {
    const why = lastLine(run.stderr) || `ffmpeg exited with code ${run.code}`;
    throw new TranslateError('decodeFailed', `${file} could not be decoded: ${/[.!?]$/u.test(why) ? why : `${why}.`}`, { detail: run.stderr });
  }
  const pcm = run.stdout.subarray(0, Math.min(run.stdout.length, to - from));
  return pcm.subarray(0, pcm.length - (pcm.length % 2));
}
