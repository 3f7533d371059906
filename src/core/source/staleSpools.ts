import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

/** The start of every spool folder's name; the owner's pid and a random tail follow. */
export const spoolPrefix = 'media-translate-';

/** `media-translate-<pid>-<six characters from mkdtemp>`. */
const spoolName = /^media-translate-(\d+)-[A-Za-z0-9]{6}$/;

/** The prefix for `fs.mkdtemp` of a spool folder that names this process as its owner. */
export function spoolFolderPrefix(tmpDir: string): string {
  return path.join(tmpDir, `${spoolPrefix}${process.pid}-`);
}

/**
 * Removes spool folders in `tmpDir` whose owner process is gone. A run killed outright (kill -9, a
 * crash, a power cut) cannot remove its decoded audio, up to tens of MB per file; the next run
 * does. Only folders named as spools are touched, and only when their pid is not running (a pid
 * that belongs to another user's process counts as running). Failures are ignored: this is tidying.
 */
export async function removeStaleSpools(tmpDir: string): Promise<void> {
  const entries = await fsp.readdir(tmpDir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const m = spoolName.exec(e.name);
    if (!m || !e.isDirectory()) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    await fsp.rm(path.join(tmpDir, e.name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
