import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { TranslateError } from '../errors';
import { inputArg, lastLine, startTool, type RunningTool } from '../tools/ffmpeg';
import { spoolFolderPrefix } from './staleSpools';
import { isPlainPcm, readWavLayout, readWavPcm } from './wavReader';

/** Where to find ffmpeg, and how to stop a decode. */
export interface DecodeOptions {
  ffmpegPath: string;
  /** Which audio track, 0-based among the file's audio tracks; the first when undefined. */
  audioTrack?: number;
  signal?: AbortSignal;
}

/** The file ffmpeg writes the PCM into, open for reading as `handle`. */
export interface Spool {
  path: string;
  handle: fsp.FileHandle;
}

/** A decode that has started: its chunks of 16 kHz mono s16le PCM, and a way to stop it. */
export interface PcmStream {
  /** Whole samples only (an even number of bytes per chunk). Iterate once. */
  chunks: AsyncIterable<Buffer>;
  /** Which decoder runs: the in-code WAV reader, or ffmpeg. */
  decoder: 'wav' | 'ffmpeg';
  /**
   * Whether the chunks are already in the spool file, one after another from its start (ffmpeg's
   * are; the WAV reader's are not). Each such chunk is valid only until the next one is asked for:
   * one buffer is read into again and again.
   */
  spooled: boolean;
  /** Stops the decode early and releases the process or file (idempotent). */
  stop(): void;
}

/**
 * Decodes `file` to 16 kHz mono signed 16-bit little-endian PCM as a stream, never holding the whole
 * file. Plain PCM WAV is read in code (no ffmpeg needed); anything else goes through ffmpeg, into a
 * spool of its own that is removed at the end. Each chunk is the caller's to keep.
 * A missing ffmpeg throws `ffmpegMissing`; ffmpeg failing on the file throws `decodeFailed`.
 */
export async function* decodePcm(file: string, o: DecodeOptions): AsyncGenerator<Buffer> {
  const dir = await fsp.mkdtemp(spoolFolderPrefix(os.tmpdir()));
  const spool = path.join(dir, 'source.pcm');
  const handle = await fsp.open(spool, 'w+');
  try {
    const pcm = await startDecode(file, o, { path: spool, handle });
    try {
      for await (const chunk of pcm.chunks) yield pcm.spooled ? Buffer.from(chunk) : chunk;
    } finally {
      pcm.stop();
    }
  } finally {
    await handle.close().catch(() => undefined);
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Starts decoding and resolves once the decoder is running, so that a missing ffmpeg is reported
 * before any chunk is asked for. ffmpeg writes the PCM into `spool` itself, and the chunks are read
 * back from it as it grows: that spares a pipe and a second write of every byte.
 */
export async function startDecode(file: string, o: DecodeOptions, spool: Spool): Promise<PcmStream> {
  const layout = await readWavLayout(file).catch(() => undefined);
  if (layout && isPlainPcm(layout)) {
    const stopper = new AbortController();
    const signal = o.signal ? AbortSignal.any([o.signal, stopper.signal]) : stopper.signal;
    return { chunks: readWavPcm(file, layout, { signal }), decoder: 'wav', spooled: false, stop: () => stopper.abort() };
  }
  const args = [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-i', inputArg(file),
    '-map', `0:a:${o.audioTrack ?? 0}`, '-vn', '-sn', '-dn',
    '-ac', '1', '-ar', '16000', '-f', 's16le',
    // Fill ffmpeg's 32 KB output buffer before writing: by default it writes every decoded packet
    // (about 1.4 KB), and each write and read of it costs more than the bytes in it.
    '-flush_packets', '0',
    '-y', inputArg(spool.path),
  ];
  const tool = await startTool(o.ffmpegPath, args, { signal: o.signal });
  // Nothing comes through the pipe; it is drained so that ffmpeg never waits on it.
  tool.stdout.resume();
  async function* chunks(): AsyncGenerator<Buffer> {
    yield* readGrowing(spool.handle, tool);
    const exit = await tool.exit;
    if (exit.code === 0) return;
    const why = lastLine(exit.stderr) || (exit.signal ? `ffmpeg was stopped by ${exit.signal}` : `ffmpeg exited with code ${exit.code}`);
    // A full disk is the spool folder's fault, not the source's: its errno code lets the caller say so.
    const full = spoolFull(exit.stderr);
    if (full) throw Object.assign(new Error(why), { code: full });
    const sentence = /[.!?]$/.test(why) ? why : `${why}.`;
    throw new TranslateError('decodeFailed', `${file} could not be decoded: ${sentence}`, { detail: exit.stderr });
  }
  return { chunks: chunks(), decoder: 'ffmpeg', spooled: true, stop: () => tool.kill() };
}

/** Bytes read back from the spool at a time. */
const readBackBytes = 1 << 20;
/** How long to wait before looking again when ffmpeg has written nothing new, first and at most. */
const firstPollMs = 5;
const lastPollMs = 40;

/**
 * The PCM ffmpeg writes into `handle`'s file, read back as it grows until ffmpeg has exited, in
 * whole samples. ffmpeg writing the spool itself spares a pipe and a second write of every byte,
 * and reading it back into one buffer spares a new buffer for each chunk, which V8 would count
 * towards a full collection once it outlived a young one.
 */
async function* readGrowing(handle: fsp.FileHandle, tool: RunningTool): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(readBackBytes);
  let exited = false;
  void tool.exit.then(
    () => (exited = true),
    () => (exited = true),
  );
  let at = 0;
  let pollMs = firstPollMs;
  for (;;) {
    // Seen before the read: whatever ffmpeg wrote before it exited is in the file by then.
    const complete = exited;
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    const whole = bytesRead - (bytesRead % 2);
    if (whole > 0) {
      at += whole;
      pollMs = firstPollMs;
      yield buffer.subarray(0, whole);
      continue;
    }
    if (complete) return;
    await Promise.race([tool.exit.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, pollMs))]);
    pollMs = Math.min(lastPollMs, pollMs * 2);
  }
}

/** The errno code for a full disk when ffmpeg's stderr tells of one. */
function spoolFull(stderr: string): 'ENOSPC' | 'EDQUOT' | undefined {
  if (/No space left on device/i.test(stderr)) return 'ENOSPC';
  if (/Disk quota exceeded/i.test(stderr)) return 'EDQUOT';
  return undefined;
}
