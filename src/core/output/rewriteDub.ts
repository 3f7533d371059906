import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { TranslateError } from '../errors';
import { SPEECH_RATE } from '../timeline';

/** One part of a piece's new speech: where its source speech starts, and its 24 kHz mono s16le samples. */
export interface NewSpeech {
  at: number;
  pcm: Buffer;
}

/** What rewriting one piece's stretch of the dub track will do, ready to be committed or dropped. */
export interface DubRewrite {
  /** Where each part went, as the record notes it; undefined for a part without speech. */
  placed: ({ start: number; seconds: number } | undefined)[];
  /** Seconds of new speech cut off because they would have run into the next piece's speech. */
  trimmedSeconds: number;
  /** Renames the rewritten copy over the track. */
  commit(): Promise<void>;
  /** Removes the copy; the track stays as it was. */
  abort(): Promise<void>;
}

/**
 * Prepares a copy of a dub track in which one piece's speech is replaced: the old speech's bytes
 * become silence and the new parts are laid as a run lays them (at their source speech, or right
 * after the speech before them when that runs over), but never past `until`, the next piece's dub
 * start (or the track's end). Every byte outside the old and new speech stays as it was. Nothing
 * changes under the track's name until `commit`.
 */
export async function prepareDubRewrite(
  file: string,
  o: { old: { start: number; seconds: number }[]; parts: NewSpeech[]; after: number; until?: number },
): Promise<DubRewrite> {
  const data = await dataChunk(file);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  await fsp.copyFile(file, temp);
  const abort = (): Promise<void> => fsp.rm(temp, { force: true });
  try {
    const handle = await fsp.open(temp, 'r+');
    try {
      const write = async (bytes: Buffer, at: number): Promise<void> => {
        for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done, data.offset + at + done)).bytesWritten;
      };
      for (const old of o.old) {
        const from = Math.min(sampleBytes(old.start), data.size);
        const to = Math.min(from + sampleBytes(old.seconds), data.size);
        if (to > from) await write(Buffer.alloc(to - from), from);
      }
      const limit = Math.min(data.size, o.until === undefined ? data.size : sampleBytes(o.until));
      let cursor = sampleBytes(o.after);
      let trimmed = 0;
      const placed: DubRewrite['placed'] = [];
      for (const part of o.parts) {
        const whole = part.pcm.subarray(0, part.pcm.length - (part.pcm.length % 2));
        if (whole.length === 0) {
          placed.push(undefined);
          continue;
        }
        const start = Math.max(sampleBytes(part.at), cursor);
        const room = Math.max(0, limit - start);
        const kept = whole.subarray(0, Math.min(whole.length, room));
        trimmed += whole.length - kept.length;
        if (kept.length > 0) await write(Buffer.from(kept), start);
        placed.push({ start: start / 2 / SPEECH_RATE, seconds: kept.length / 2 / SPEECH_RATE });
        cursor = start + kept.length;
      }
      await handle.sync();
      return {
        placed,
        trimmedSeconds: trimmed / 2 / SPEECH_RATE,
        commit: async () => {
          await fsp.rename(temp, file);
        },
        abort,
      };
    } finally {
      await handle.close();
    }
  } catch (e) {
    await abort();
    throw TranslateError.is(e) ? e : new TranslateError('writeFailed', `Could not rewrite ${path.basename(file)}: ${(e as Error).message}`, { cause: e });
  }
}

/** Where a WAV's sample data starts and how long it is, found by walking its chunks. */
async function dataChunk(file: string): Promise<{ offset: number; size: number }> {
  const handle = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(12);
    await handle.read(head, 0, 12, 0);
    if (head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') throw notWav(file);
    const { size: fileSize } = await handle.stat();
    for (let at = 12; at + 8 <= fileSize; ) {
      const chunk = Buffer.alloc(8);
      await handle.read(chunk, 0, 8, at);
      const size = chunk.readUInt32LE(4);
      if (chunk.toString('latin1', 0, 4) === 'data') return { offset: at + 8, size: Math.min(size, fileSize - at - 8) };
      at += 8 + size + (size % 2);
    }
    throw notWav(file);
  } finally {
    await handle.close();
  }
}

function notWav(file: string): TranslateError {
  return new TranslateError('badRecord', `${path.basename(file)} is not a WAV file with sample data; render it again with \`media-translate render\`.`);
}

/** Whole samples from the start of the track to `seconds`, in bytes, as the dub track counts them. */
function sampleBytes(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) return 0;
  return Math.round(seconds * SPEECH_RATE) * 2;
}
