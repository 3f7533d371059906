import { TranslateError } from '../errors';
import { SPEECH_RATE } from '../timeline';
import { AtomicFile, type AtomicOptions } from '../output/atomicFile';

/**
 * The translated speech as one WAV (24 kHz mono 16-bit) laid on the source's timeline, written to
 * disk as it grows so that an hour of audio is never held in memory. Each piece's speech starts
 * where its source speech starts; when earlier speech runs over, the next simply follows on, so
 * two voices never play at once and nothing is overwritten. Nothing appears under the file's
 * name until `finish`.
 *
 * Call `startPiece(at)` when a piece's speech begins and `append(chunk)` for each chunk as it
 * streams, in timeline order; `place(at, pcm)` does both at once.
 */
export class DubTrack {
  /** Bytes of sample data so far, written or buffered (always whole samples). */
  private bytes = 0;
  /** Bytes waiting in `buffer` to be written. */
  private filled = 0;
  private readonly buffer = Buffer.alloc(bufferBytes);
  /** A byte that does not yet make a whole sample: the first half of the next chunk's first sample. */
  private odd: number | undefined;
  private done = false;

  private constructor(private readonly file: AtomicFile) {}

  /** Starts the track: a temporary file beside `path` holding a placeholder header. */
  static async open(path: string, o: AtomicOptions = {}): Promise<DubTrack> {
    const file = await AtomicFile.open(path, o);
    try {
      await file.write(wavHeader(0));
    } catch (e) {
      await file.abort();
      throw e;
    }
    return new DubTrack(file);
  }

  /** Where the track ends so far, in seconds on the source timeline. */
  get seconds(): number {
    return this.bytes / 2 / SPEECH_RATE;
  }

  /**
   * Begins a piece's speech at `atSeconds`: silence fills the track up to there, unless earlier
   * speech already runs past it, in which case this piece follows on from the end. Half a sample
   * left over from the previous piece is dropped, so it cannot shift this piece's samples.
   */
  async startPiece(atSeconds: number): Promise<void> {
    this.assertOpen();
    this.odd = undefined;
    const target = sampleBytes(atSeconds);
    if (target > this.bytes) await this.silence(target - this.bytes);
  }

  /** Continues the current piece's speech with a chunk of 24 kHz mono s16le; an odd byte waits for the next chunk. */
  async append(pcm: Buffer): Promise<void> {
    this.assertOpen();
    if (pcm.length === 0) return;
    let rest = pcm;
    if (this.odd !== undefined) {
      await this.put(Buffer.from([this.odd, pcm[0]]));
      this.odd = undefined;
      rest = pcm.subarray(1);
    }
    const whole = rest.length - (rest.length % 2);
    await this.put(rest.subarray(0, whole));
    if (whole < rest.length) this.odd = rest[whole];
  }

  /**
   * Lays one piece's whole speech at `atSeconds` (or after the speech before it, if that runs over),
   * and says where it went: placing the same speech at that `start` again gives the same bytes.
   */
  async place(atSeconds: number, pcm: Buffer): Promise<{ start: number; seconds: number }> {
    await this.startPiece(atSeconds);
    const start = this.bytes / 2 / SPEECH_RATE;
    await this.append(pcm);
    return { start, seconds: this.bytes / 2 / SPEECH_RATE - start };
  }

  /**
   * Pads the track with silence to `totalSeconds` (it is longer only when the last speech runs
   * over), writes the real header and renames the file into place.
   */
  async finish(totalSeconds: number): Promise<void> {
    const file = await this.complete(totalSeconds);
    try {
      await file.commit();
    } catch (e) {
      await file.abort();
      throw e;
    }
  }

  /**
   * Pads and completes the track like `finish`, but leaves it under its temporary name, for a set
   * of outputs that go into place together (see `commitTogether`).
   */
  async complete(totalSeconds: number): Promise<AtomicFile> {
    this.assertOpen();
    try {
      await this.startPiece(totalSeconds);
      await this.flush();
      if (this.bytes > maxDataBytes) {
        throw new TranslateError('writeFailed', `Could not write ${this.file.path}: the dub track is too long for a WAV file.`);
      }
      await this.file.writeAt(wavHeader(this.bytes), 0);
      this.done = true;
      return this.file;
    } catch (e) {
      await this.abort();
      throw e;
    }
  }

  /** Removes the unfinished track. Safe to call more than once, and after `finish` (then it does nothing). */
  async abort(): Promise<void> {
    this.done = true;
    await this.file.abort();
  }

  private assertOpen(): void {
    if (this.done) throw new TranslateError('writeFailed', `The dub track ${this.file.path} is already finished.`);
  }

  /** Adds samples through the buffer; a chunk larger than the buffer is written as it is. */
  private async put(data: Buffer): Promise<void> {
    if (data.length >= bufferBytes) {
      await this.flush();
      await this.file.write(data);
    } else {
      if (this.filled + data.length > bufferBytes) await this.flush();
      data.copy(this.buffer, this.filled);
      this.filled += data.length;
    }
    this.bytes += data.length;
  }

  /** Adds silence a buffer at a time, so long gaps cost no more memory than short ones. */
  private async silence(count: number): Promise<void> {
    let left = count;
    while (left > 0) {
      if (this.filled === bufferBytes) await this.flush();
      const n = Math.min(left, bufferBytes - this.filled);
      this.buffer.fill(0, this.filled, this.filled + n);
      this.filled += n;
      this.bytes += n;
      left -= n;
    }
  }

  private async flush(): Promise<void> {
    if (this.filled === 0) return;
    // The buffer is reused once the write completes, so it is awaited before anything refills it.
    await this.file.write(this.buffer.subarray(0, this.filled));
    this.filled = 0;
  }
}

/** Writes go out in blocks of this size (about 1.4 s of speech). */
const bufferBytes = 64 * 1024;
/** The RIFF size field is 32 bits and counts the header after its first 8 bytes. */
const maxDataBytes = 0xffff_ffff - 36;

/** Whole samples from the start of the track to `seconds`, in bytes. */
function sampleBytes(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) return 0;
  return Math.round(seconds * SPEECH_RATE) * 2;
}

/**
 * The 44-byte header for PCM 24 kHz mono 16-bit, given the data's size: the RIFF chunk, the
 * 16-byte fmt chunk (PCM, one channel, rate, byte rate, block size, bits), then the data chunk.
 * Written by hand rather than by wavefile: Export Dubbed Video builds the track on the extension
 * host, whose bundle (read at every activation) would otherwise carry the whole library for it.
 */
function wavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SPEECH_RATE, 24);
  header.writeUInt32LE(SPEECH_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}
