import { AtomicFile, type AtomicOptions } from './atomicFile';

/**
 * Writes `data` under a temporary name beside `file` and leaves it sealed-to-be, for
 * `commitTogether`. On failure nothing is left behind.
 */
export async function stageFile(file: string, data: string | Buffer, o: AtomicOptions = {}): Promise<AtomicFile> {
  const out = await AtomicFile.open(file, o);
  try {
    await out.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    return out;
  } catch (e) {
    await out.abort();
    throw e;
  }
}

/**
 * Puts a run's files in place together, or none of them: every file is flushed first (where a
 * full disk shows), and only then renamed. When a rename fails the files already placed are taken
 * back, so a failed run leaves no partial set that would block the next one.
 */
export async function commitTogether(files: readonly AtomicFile[]): Promise<void> {
  try {
    for (const f of files) await f.seal();
  } catch (e) {
    await abortAll(files);
    throw e;
  }
  const placed: AtomicFile[] = [];
  try {
    for (const f of files) {
      await f.place();
      placed.push(f);
    }
  } catch (e) {
    for (const f of placed) await f.unplace();
    await abortAll(files);
    throw e;
  }
}

/** Removes every temporary file of a set that is given up. */
export async function abortAll(files: readonly AtomicFile[]): Promise<void> {
  for (const f of files) await f.abort();
}
