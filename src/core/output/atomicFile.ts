import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { TranslateError } from '../errors';

/**
 * Writes a whole file so that readers see either the old file or the complete new one: the data
 * goes to a temporary file in the same folder (`.talk.en.srt.<random>.media-translate.tmp`), is flushed to disk
 * and then renamed over the target. On failure the temporary file is removed and a
 * `writeFailed` error names the target.
 */
export async function writeFileAtomic(file: string, data: string | Buffer, o: AtomicOptions = {}): Promise<void> {
  const out = await AtomicFile.open(file, o);
  try {
    await out.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
}

/** How a file goes into place. */
export interface AtomicOptions {
  /**
   * Whether a file that has the target's name by then is replaced. Default true. When false, the
   * check happens at the rename itself, so a file that another program wrote meanwhile is kept and
   * the commit fails with `outputExists`.
   */
  replace?: boolean;
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
  private state: 'open' | 'sealed' | 'committed' | 'aborted' = 'open';
  /** Set once the file is in place: whether it replaced one of the same name. */
  private replacedOther = false;

  private constructor(
    /** The file's final name. */
    readonly path: string,
    /** The temporary file written until `commit`. */
    readonly tempPath: string,
    private readonly handle: FileHandle,
    private readonly replace: boolean,
  ) {}

  /** Creates the temporary file beside `file`; fails with `writeFailed` when the folder is missing or read-only. */
  static async open(file: string, o: AtomicOptions = {}): Promise<AtomicFile> {
    const temp = tempPathFor(file);
    try {
      const handle = await fsp.open(temp, 'wx');
      pending.add(temp);
      removeOnExit();
      return new AtomicFile(file, temp, handle, o.replace ?? true);
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

  /**
   * Flushes the data to disk and renames the file into place, replacing any file of that name
   * unless `replace` was false.
   */
  async commit(): Promise<void> {
    await this.seal();
    await this.place();
  }

  /**
   * Flushes the data to disk and closes the temporary file, so that only the rename is left: the
   * step that can meet a full disk is over before any file of a set goes into place.
   */
  async seal(): Promise<void> {
    this.assertOpen();
    try {
      await this.handle.sync();
      await this.handle.close();
      this.state = 'sealed';
    } catch (e) {
      this.state = 'aborted';
      await this.handle.close().catch(() => undefined);
      await removeQuietly(this.tempPath);
      throw writeError(this.path, e);
    }
  }

  /** Renames a sealed file into place (see `replace`). On failure the temporary file is removed. */
  async place(): Promise<void> {
    if (this.state !== 'sealed') throw new TranslateError('writeFailed', `${this.path} was not sealed before it was put in place.`);
    this.state = 'committed';
    try {
      if (this.replace) {
        this.replacedOther = await exists(this.path);
        await fsp.rename(this.tempPath, this.path);
        pending.delete(this.tempPath);
      } else {
        await placeWithoutReplacing(this.tempPath, this.path);
      }
    } catch (e) {
      await removeQuietly(this.tempPath);
      throw TranslateError.is(e) ? e : writeError(this.path, e);
    }
    await syncFolder(path.dirname(this.path));
  }

  /**
   * Takes back a file this object put in place, when the rest of its set failed: it is removed
   * unless it replaced a file of the same name, which cannot be brought back and is better than none.
   */
  async unplace(): Promise<void> {
    if (this.state !== 'committed' || this.replacedOther) return;
    await fsp.rm(this.path, { force: true }).catch(() => undefined);
  }

  /** Closes and removes the temporary file. Safe to call more than once, and after `commit` (then it does nothing). */
  async abort(): Promise<void> {
    if (this.state === 'committed' || this.state === 'aborted') return;
    const wasOpen = this.state === 'open';
    this.state = 'aborted';
    if (wasOpen) await this.handle.close().catch(() => undefined);
    await removeQuietly(this.tempPath);
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new TranslateError('writeFailed', `${this.path} was already ${this.state}.`);
  }
}

/** The longest file name most file systems take, in bytes (ext4, XFS, Btrfs, APFS, tmpfs; NTFS counts UTF-16 units). */
export const maxNameBytes = 255;

/**
 * The temporary name beside `file`: `.talk.en.srt.<random>.media-translate.tmp`, with the target's name shortened
 * when the whole would be longer than a file system takes, so that any name that fits as an
 * output also fits while it is written.
 */
export function tempPathFor(file: string): string {
  // The marker lets the extension hide these files from the explorer while a run writes them.
  const suffix = `.${randomBytes(6).toString('hex')}.media-translate.tmp`;
  let name = path.basename(file);
  while (name.length > 0 && Buffer.byteLength(`.${name}${suffix}`) > maxNameBytes) name = [...name].slice(0, -1).join('');
  return path.join(path.dirname(file), `.${name}${suffix}`);
}

/**
 * Gives the temporary file the target's name only if no file has it: a hard link fails with
 * EEXIST when one does, so no check can go stale before the rename. File systems without hard
 * links get a check just before the rename instead.
 */
async function placeWithoutReplacing(temp: string, file: string): Promise<void> {
  try {
    await fsp.link(temp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw appeared(file);
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK', 'EACCES'].includes(code ?? '')) throw e;
    if (await exists(file)) throw appeared(file);
    await fsp.rename(temp, file);
    pending.delete(temp);
    return;
  }
  await removeQuietly(temp);
}

function appeared(file: string): TranslateError {
  return new TranslateError(
    'outputExists',
    `${path.basename(file)} appeared during the run (another program wrote it), so it was not replaced; finished pieces come from the cache when you run again.`,
    { detail: file, next: 'replaceOutputs' },
  );
}

async function exists(file: string): Promise<boolean> {
  return fsp.lstat(file).then(
    () => true,
    () => false,
  );
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
  return new TranslateError('writeFailed', `Could not write ${file}: ${describeFsError(e)}.`, { detail: code, cause: e });
}

/** Why a file system call failed, as the end of a sentence: "the disk is full", "permission was denied". */
export function describeFsError(e: unknown): string {
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
    ENAMETOOLONG: 'the name is too long for the file system',
  };
  return (code && why[code]) ?? (e instanceof Error ? e.message : String(e));
}
