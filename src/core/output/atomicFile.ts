import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { TranslateError } from '../errors';

/**
 * Writes a whole file so that readers see either the old file or the complete new one: the data
 * goes to a temporary file in the same folder (`.talk.en.srt.<random>.tmp`), is flushed to disk
 * and then renamed over the target. On failure the temporary file is removed and a
 * `writeFailed` error names the target.
 */
export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  const out = await AtomicFile.open(file);
  try {
    await out.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
}

/**
 * A file written under a temporary name and renamed into place on `commit`, for outputs that
 * grow over a run. Until then nothing exists under the target's name, and `abort` (or the
 * process exiting) removes the temporary file, so a failed or cancelled run leaves nothing behind.
 * Errors are `writeFailed` TranslateErrors that name the target.
 */
export class AtomicFile {
  /** Where `write` appends next. */
  private position = 0;
  private state: 'open' | 'committed' | 'aborted' = 'open';

  private constructor(
    /** The file's final name. */
    readonly path: string,
    /** The temporary file written until `commit`. */
    readonly tempPath: string,
    private readonly handle: FileHandle,
  ) {}

  /** Creates the temporary file beside `file`; fails with `writeFailed` when the folder is missing or read-only. */
  static async open(file: string): Promise<AtomicFile> {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await fsp.open(temp, 'wx');
      pending.add(temp);
      removeOnExit();
      return new AtomicFile(file, temp, handle);
    } catch (e) {
      throw writeError(file, e);
    }
  }

  /** Appends bytes after those written so far by `write`. */
  async write(data: Uint8Array): Promise<void> {
    await this.writeAt(data, this.position);
    this.position += data.length;
  }

  /** Writes bytes at a byte offset (to fill in a header, say) without moving where `write` appends. */
  async writeAt(data: Uint8Array, position: number): Promise<void> {
    this.assertOpen();
    try {
      for (let done = 0; done < data.length; ) {
        const { bytesWritten } = await this.handle.write(data, done, data.length - done, position + done);
        done += bytesWritten;
      }
    } catch (e) {
      throw writeError(this.path, e);
    }
  }

  /** Flushes the data to disk and renames the file into place, replacing any file of that name. */
  async commit(): Promise<void> {
    this.assertOpen();
    try {
      await this.handle.sync();
      await this.handle.close();
      this.state = 'committed';
      await fsp.rename(this.tempPath, this.path);
      pending.delete(this.tempPath);
    } catch (e) {
      this.state = 'committed';
      await removeQuietly(this.tempPath);
      throw writeError(this.path, e);
    }
    await syncFolder(path.dirname(this.path));
  }

  /** Closes and removes the temporary file. Safe to call more than once, and after `commit` (then it does nothing). */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    await this.handle.close().catch(() => undefined);
    await removeQuietly(this.tempPath);
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new TranslateError('writeFailed', `${this.path} was already ${this.state}.`);
  }
}

/** Temporary files not yet committed or removed, removed if the process exits first. */
const pending = new Set<string>();
let exitHookInstalled = false;

function removeOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const temp of pending) {
      try {
        fs.unlinkSync(temp);
      } catch {
        // The file is already gone, or the folder went away with it.
      }
    }
  });
}

async function removeQuietly(temp: string): Promise<void> {
  await fsp.rm(temp, { force: true }).catch(() => undefined);
  pending.delete(temp);
}

/** Makes the rename itself durable where the platform allows a folder to be flushed. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fsp.open(dir, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    // Some file systems cannot flush a folder; the file itself is already complete.
  }
}

function writeError(file: string, e: unknown): TranslateError {
  if (TranslateError.is(e)) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const why: Record<string, string> = {
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'its folder does not exist',
    EACCES: 'permission was denied',
    EPERM: 'permission was denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
    EISDIR: 'a folder has that name',
  };
  const reason = (code && why[code]) ?? (e instanceof Error ? e.message : String(e));
  return new TranslateError('writeFailed', `Could not write ${file}: ${reason}.`, { detail: code, cause: e });
}
