import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { TranslateError } from '../errors';
import { describeFsError, maxNameBytes, tempPathFor } from './atomicFile';

/**
 * Checks, before any request is sent, that every planned output can be written: its name fits
 * the file system, and its folder exists, is a folder and takes a new file (a real file is made
 * and removed, so read-only mounts and permissions are seen as the run would see them). Each
 * problem is a `writeFailed` error with one sentence naming the folder or name and what to do.
 */
export async function checkOutputs(outputs: Readonly<Partial<Record<string, string>>>): Promise<void> {
  const files = Object.values(outputs).filter((f): f is string => typeof f === 'string');
  for (const file of files) {
    const name = path.basename(file);
    const length = nameLength(name);
    if (length > maxNameBytes) {
      throw new TranslateError(
        'writeFailed',
        `The output name ${name} is ${length} ${unit} long; file systems take at most ${maxNameBytes}. Give the source a shorter name.`,
        { detail: file },
      );
    }
  }
  for (const dir of new Set(files.map((f) => path.dirname(f)))) await checkFolder(dir, files.find((f) => path.dirname(f) === dir) as string);
  // A folder that has an output's name cannot be replaced by it, whatever --force says.
  for (const file of files) {
    const stat = await fsp.stat(file).catch(() => undefined);
    if (stat?.isDirectory()) throw new TranslateError('writeFailed', `${file} is a folder, so the output of that name cannot be written; move or rename it.`, { detail: file });
  }
}

/** Names are counted as the file system counts them: UTF-16 units on Windows, UTF-8 bytes elsewhere. */
const unit = process.platform === 'win32' ? 'characters' : 'bytes';

function nameLength(name: string): number {
  return process.platform === 'win32' ? name.length : Buffer.byteLength(name);
}

async function checkFolder(dir: string, sample: string): Promise<void> {
  let stat;
  try {
    stat = await fsp.stat(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new TranslateError('writeFailed', `The output folder ${dir} does not exist.`, { cause: e, next: 'chooseOutDir' });
    }
    throw new TranslateError('writeFailed', `Cannot use the output folder ${dir}: ${describeFsError(e)}.`, { cause: e });
  }
  if (!stat.isDirectory()) throw new TranslateError('writeFailed', `${dir} is a file, not a folder.`, { next: 'chooseOutDir' });
  const probe = tempPathFor(sample);
  try {
    const handle = await fsp.open(probe, 'wx');
    await handle.close();
  } catch (e) {
    throw new TranslateError('writeFailed', `Cannot write into the output folder ${dir}: ${describeFsError(e)}.`, { cause: e, next: 'chooseOutDir' });
  } finally {
    await fsp.rm(probe, { force: true }).catch(() => undefined);
  }
}
