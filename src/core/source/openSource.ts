import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { TranslateError, isAbortError } from '../errors';
import { Mailbox } from '../run/mailbox';
import { chooseAudioTrack, trackNote } from './audioTrack';
import { startDecode, type PcmStream } from './decode';
import { LevelMeter } from './levels';
import { SOURCE_RATE, type Piece, type Span } from '../timeline';
import { probeMedia, type MediaInfo } from './probe';
import { firstPieceSeconds, Segmenter } from './segment';
import { removeStaleSpools, spoolFolderPrefix } from './staleSpools';
import { checkTempRoom, tempWriteError } from './tempRoom';

/** Decoded PCM held before it is written to the spool, at most (a piece that is cut writes it at once). */
const spoolBatchBytes = 1 << 20;
/** Chunks held at most: one write takes a list of them, and the system bounds its length. */
const spoolBatchChunks = 256;

/** Where the tools are, how long pieces may be, and how to stop. */
export interface SourceOptions {
  ffmpegPath: string;
  ffprobePath: string;
  /** Longest piece, in seconds. */
  segmentSeconds: number;
  /** The audio track to translate, 0-based; the file's default (or first with sound) when undefined. */
  audioTrack?: number;
  signal?: AbortSignal;
}

/** An opened source: what it is, its pieces as they are cut, and their audio. */
export interface SourceReader {
  /** What the file is; `audioTrack` says which track is translated. */
  info: MediaInfo;
  /** Said when the file has several audio tracks; its next step is `chooseAudioTrack`. */
  trackNote: string | undefined;
  /**
   * Pieces in source order, each as soon as it is cut; iterate once. Ends after the last piece
   * (none at all for a source without speech) and throws if decoding fails or is aborted.
   */
  pieces: AsyncIterable<Piece>;
  /**
   * The span's audio as 16 kHz mono s16le, waiting for the decoder if it has not got there yet,
   * read into a buffer from `alloc` (a run's `BufferPool`).
   */
  readPcm(span: Span, alloc?: (bytes: number) => Buffer): Promise<Buffer>;
  /** Seconds of audio decoded so far: all of it once `pieces` has ended. */
  decodedSeconds(): number;
  /** Whether decoding stopped with an error (which `pieces` throws). */
  decodeFailed(): boolean;
  /** Stops decoding and removes the temporary files (idempotent). */
  close(): Promise<void>;
}

/**
 * Opens a media file for translation. It first checks the file and throws a TranslateError with one
 * sentence naming it: `fileNotFound`, `notAFile`, `emptyFile`, `notMedia`, `noAudio`,
 * `ffmpegMissing`, `badOption` (no such audio track) or `writeFailed` (no room in the temporary
 * folder). It then decodes the chosen audio track in the background into a temporary 16 kHz
 * spool file and cuts it into pieces at pauses as it goes, so the first pieces are ready long before
 * the decode ends while memory stays the same for a two-hour source as for a short one.
 */
export async function openSource(file: string, o: SourceOptions): Promise<SourceReader> {
  o.signal?.throwIfAborted();
  await checkFile(file);
  const info = await probeMedia(file, { ffprobePath: o.ffprobePath, signal: o.signal });
  if (!info.hasAudio) throw new TranslateError('noAudio', `${file} has no audio track.`);
  const { track, choice } = await chooseAudioTrack(file, info.audioTracks, { asked: o.audioTrack, ffmpegPath: o.ffmpegPath, signal: o.signal });
  const chosen: MediaInfo = { ...info, audioTrack: track.index };
  const note = trackNote(file, info.audioTracks, track, choice);
  const tmp = os.tmpdir();
  await checkTempRoom(tmp, file, info.durationSeconds);
  const segmenter = new Segmenter({
    maxSeconds: o.segmentSeconds,
    // Short first pieces only where waiting for a whole piece is felt: a source of a few pieces is
    // done about as soon, and a short piece leaves a fast speaker's last cue less pause to borrow.
    firstSeconds: info.durationSeconds > 4 * o.segmentSeconds ? firstPieceSeconds : undefined,
  });
  const control = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, control.signal]) : control.signal;
  let dir: string | undefined;
  let handle: fsp.FileHandle | undefined;
  let spool: string;
  try {
    await removeStaleSpools(tmp);
    dir = await fsp.mkdtemp(spoolFolderPrefix(tmp));
    spool = path.join(dir, 'source.pcm');
    handle = await fsp.open(spool, 'w+');
  } catch (e) {
    await handle?.close().catch(() => undefined);
    if (dir) await fsp.rm(dir, { recursive: true, force: true });
    throw tempWriteError(tmp, e, 0);
  }
  try {
    const pcm = await startDecode(file, { ffmpegPath: o.ffmpegPath, audioTrack: track.index, signal }, { path: spool, handle });
    return new SpooledSource(chosen, note, pcm, dir, handle, control, segmenter);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fsp.rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Checks that `file` is a non-empty regular file, with one reason and sentence for each failure. */
export async function checkFile(file: string): Promise<void> {
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new TranslateError('fileNotFound', `${file} does not exist.`, { cause: e });
    throw new TranslateError('fileNotFound', `${file} cannot be opened (${code ?? 'unknown error'}).`, { cause: e });
  }
  if (stat.isDirectory()) throw new TranslateError('notAFile', `${file} is a folder, not a media file.`);
  if (!stat.isFile()) throw new TranslateError('notAFile', `${file} is not a regular file.`);
  if (stat.size === 0) throw new TranslateError('emptyFile', `${file} is empty (0 bytes).`);
  try {
    await fsp.access(file, fsp.constants.R_OK);
  } catch (e) {
    throw new TranslateError('fileNotFound', `${file} cannot be read (permission denied).`, { cause: e });
  }
}

/** Decodes into a spool file in the background, cutting pieces as the levels come in. */
class SpooledSource implements SourceReader {
  readonly pieces: AsyncIterable<Piece>;
  private readonly box = new Mailbox<Piece>();
  private readonly pumping: Promise<void>;
  /** Bytes of PCM safely in the spool file. */
  private written = 0;
  /** Decoded PCM not yet written: the spool is written in batches, since each write is a round trip to the thread pool. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of PCM decoded so far, written or not. */
  private decoded = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private waiters: Array<() => void> = [];
  private cleaning: Promise<void> | undefined;

  constructor(
    readonly info: MediaInfo,
    readonly trackNote: string | undefined,
    private readonly pcm: PcmStream,
    private readonly dir: string,
    private readonly handle: fsp.FileHandle,
    private readonly control: AbortController,
    segmenter: Segmenter,
  ) {
    let iterated = false;
    this.pieces = {
      [Symbol.asyncIterator]: () => {
        if (iterated) throw new Error('The pieces of a source can be iterated only once.');
        iterated = true;
        return this.box.drain();
      },
    };
    this.pumping = this.pump(segmenter);
  }

  decodedSeconds(): number {
    return this.decoded / 2 / SOURCE_RATE;
  }

  decodeFailed(): boolean {
    return this.failure !== undefined;
  }

  async readPcm(span: Span, alloc: (bytes: number) => Buffer = Buffer.allocUnsafe): Promise<Buffer> {
    const from = Math.max(0, Math.round(span.start * SOURCE_RATE)) * 2;
    const wanted = Math.max(from, Math.round(span.end * SOURCE_RATE) * 2);
    while (this.written < wanted && !this.ended) await new Promise<void>((r) => this.waiters.push(r));
    if (this.cleaning) throw new Error('The source is closed.');
    if (this.written < wanted && this.failure) throw this.failure.error;
    const to = Math.min(wanted, this.written);
    // Every byte is read into it or cut off below, so it need not be zeroed first.
    const out = alloc(Math.max(0, to - from));
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await this.handle.read(out, done, out.length - done, from + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    // The very buffer `alloc` gave when it was filled, so that a pool takes it back.
    return done === out.length ? out : out.subarray(0, done);
  }

  async close(): Promise<void> {
    this.control.abort();
    await this.pumping;
    await this.cleanup();
  }

  private async pump(segmenter: Segmenter): Promise<void> {
    const meter = new LevelMeter();
    try {
      for await (const chunk of this.pcm.chunks) {
        this.decoded += chunk.length;
        if (this.pcm.spooled) {
          this.written = this.decoded;
          this.wake();
          this.offer(segmenter.push(meter.push(chunk)));
          continue;
        }
        this.pending.push(chunk);
        this.pendingBytes += chunk.length;
        const pieces = segmenter.push(meter.push(chunk));
        // A piece is offered only once its audio is in the spool, where readPcm finds it.
        if (pieces.length > 0 || this.pendingBytes >= spoolBatchBytes || this.pending.length >= spoolBatchChunks) await this.flush();
        this.offer(pieces);
      }
      await this.flush();
      this.offer(segmenter.push(meter.finish()));
      this.offer(segmenter.finish());
      this.box.close();
    } catch (thrown) {
      // ffmpeg writing the spool tells of a full disk as an errno code, which is the folder's fault.
      const code = (thrown as NodeJS.ErrnoException | undefined)?.code;
      const e = code === 'ENOSPC' || code === 'EDQUOT' ? tempWriteError(path.dirname(this.dir), thrown, this.written) : thrown;
      this.failure = { error: e };
      this.box.fail(e);
      // On abort nobody will read the spool again; remove it now rather than at close().
      if (this.control.signal.aborted || isAbortError(e)) await this.cleanup();
    } finally {
      this.pcm.stop();
      this.ended = true;
      this.wake();
    }
  }

  /** Writes the decoded PCM still held to the spool file, in one call, and wakes readers waiting for it. */
  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const batch = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    try {
      const done = (await this.handle.writev(batch, this.written)).bytesWritten;
      // A short write (a nearly full disk) leaves the rest to be written, or to fail, on its own.
      if (done < bytes) {
        const rest = Buffer.concat(batch, bytes).subarray(done);
        for (let at = 0; at < rest.length; ) {
          const { bytesWritten } = await this.handle.write(rest, at, rest.length - at, this.written + done + at);
          if (bytesWritten === 0) throw new Error('the temporary file took no more bytes');
          at += bytesWritten;
        }
      }
    } catch (e) {
      throw tempWriteError(path.dirname(this.dir), e, this.written);
    }
    this.written += bytes;
    this.wake();
  }

  /** Queues pieces, trimmed to the audio really decoded (the last level frame may be partial). */
  private offer(pieces: Piece[]): void {
    const limit = this.decodedSeconds();
    for (const p of pieces) {
      const end = Math.min(p.end, limit);
      this.box.push({
        index: p.index,
        start: Math.min(p.start, end),
        end,
        speech: p.speech.map((s) => ({ start: Math.min(s.start, end), end: Math.min(s.end, end) })).filter((s) => s.end > s.start),
      });
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private cleanup(): Promise<void> {
    this.cleaning ??= (async () => {
      await this.handle.close().catch(() => undefined);
      await fsp.rm(this.dir, { recursive: true, force: true });
    })();
    return this.cleaning;
  }
}
