import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { TranslateError } from '../errors';
import { describeFsError } from '../output/atomicFile';
import { SOURCE_RATE } from '../timeline';

/** Bytes the decoded audio takes in the temporary folder per second of source (16 kHz mono s16le). */
const spoolBytesPerSecond = SOURCE_RATE * 2;

/**
 * Checks, before decoding, that the temporary folder has room for the decoded audio of a source
 * that lasts `seconds`, and fails with a sentence naming the folder and the fix (TMPDIR) when it
 * has not. A folder whose free space cannot be read passes: the decode itself will tell.
 */
export async function checkTempRoom(tmpDir: string, file: string, seconds: number): Promise<void> {
  const need = Math.ceil(Math.max(0, seconds) * spoolBytesPerSecond);
  let free: number;
  try {
    const stat = await fsp.statfs(tmpDir);
    free = stat.bavail * stat.bsize;
  } catch {
    return;
  }
  if (free >= need) return;
  throw new TranslateError(
    'writeFailed',
    `The temporary folder ${tmpDir} has ${size(free)} free, and decoding ${path.basename(file)} needs about ${size(need)} there. ` +
      'Free some space, or set TMPDIR to a folder with room.',
  );
}

/**
 * The error for a failed write of decoded audio into the temporary folder: the folder and the
 * fix, never the source, which is not at fault.
 */
export function tempWriteError(tmpDir: string, e: unknown, written: number): TranslateError {
  if (TranslateError.is(e)) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const message =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `The temporary folder ${tmpDir} filled up after ${size(written)} of decoded audio. Free some space there, or set TMPDIR to a folder with room; finished pieces are kept.`
      : `Cannot write decoded audio into the temporary folder ${tmpDir}: ${describeFsError(e)}. Set TMPDIR to a folder that can be written.`;
  return new TranslateError('writeFailed', message, { detail: code, cause: e });
}

/** A size in KB below a megabyte, else in MB. */
function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
