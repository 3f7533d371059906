import { TranslateError } from '../errors';
import { inputArg, lastLine, startTool } from '../tools/ffmpeg';
import { isPlainPcm, readWavLayout, readWavPcm } from './wavReader';

/** Where to find ffmpeg, and how to stop a decode. */
export interface DecodeOptions {
  ffmpegPath: string;
  /** Which audio track, 0-based among the file's audio tracks; the first when undefined. */
  audioTrack?: number;
  signal?: AbortSignal;
}

/** A decode that has started: its chunks of 16 kHz mono s16le PCM, and a way to stop it. */
export interface PcmStream {
  /** Whole samples only (an even number of bytes per chunk). Iterate once. */
  chunks: AsyncIterable<Buffer>;
  /** Which decoder runs: the in-code WAV reader, or ffmpeg. */
  decoder: 'wav' | 'ffmpeg';
  /** Stops the decode early and releases the process or file (idempotent). */
  stop(): void;
}

/**
 * Decodes `file` to 16 kHz mono signed 16-bit little-endian PCM as a stream, never holding the whole
 * file. Plain PCM WAV is read in code (no ffmpeg needed); anything else goes through ffmpeg.
 * A missing ffmpeg throws `ffmpegMissing`; ffmpeg failing on the file throws `decodeFailed`.
 */
export async function* decodePcm(file: string, o: DecodeOptions): AsyncGenerator<Buffer> {
  const pcm = await startDecode(file, o);
  try {
    yield* pcm.chunks;
  } finally {
    pcm.stop();
  }
}

/**
 * Starts decoding and resolves once the decoder is running, so that a missing ffmpeg is reported
 * before any chunk is asked for. The chunks are the same as `decodePcm`'s.
 */
export async function startDecode(file: string, o: DecodeOptions): Promise<PcmStream> {
  const layout = await readWavLayout(file).catch(() => undefined);
  if (layout && isPlainPcm(layout)) {
    const stopper = new AbortController();
    const signal = o.signal ? AbortSignal.any([o.signal, stopper.signal]) : stopper.signal;
    return { chunks: readWavPcm(file, layout, { signal }), decoder: 'wav', stop: () => stopper.abort() };
  }
  const args = [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-i', inputArg(file),
    '-map', `0:a:${o.audioTrack ?? 0}`, '-vn', '-sn', '-dn',
    '-ac', '1', '-ar', '16000', '-f', 's16le',
    // Fill ffmpeg's 32 KB output buffer before writing: by default it writes every decoded packet
    // (about 1.4 KB), and each read costs the engine more than the bytes in it.
    '-flush_packets', '0',
    'pipe:1',
  ];
  const tool = await startTool(o.ffmpegPath, args, { signal: o.signal });
  async function* chunks(): AsyncGenerator<Buffer> {
    let odd: Buffer | undefined;
    try {
      for await (const chunk of tool.stdout as AsyncIterable<Buffer>) {
        let bytes = odd ? Buffer.concat([odd, chunk]) : chunk;
        odd = undefined;
        if (bytes.length % 2 === 1) {
          odd = Buffer.from(bytes.subarray(bytes.length - 1));
          bytes = bytes.subarray(0, bytes.length - 1);
        }
        if (bytes.length > 0) yield bytes;
      }
    } catch (e) {
      // A broken pipe is only a symptom; the exit tells the real story (abort, crash).
      await tool.exit;
      throw e;
    }
    const exit = await tool.exit;
    if (exit.code !== 0) {
      const why = lastLine(exit.stderr) || (exit.signal ? `ffmpeg was stopped by ${exit.signal}` : `ffmpeg exited with code ${exit.code}`);
      const sentence = /[.!?]$/.test(why) ? why : `${why}.`;
      throw new TranslateError('decodeFailed', `${file} could not be decoded: ${sentence}`, { detail: exit.stderr });
    }
  }
  return { chunks: chunks(), decoder: 'ffmpeg', stop: () => tool.kill() };
}
