import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliPath } from './runCli';

/**
 * Small file systems for tests that need a full disk or a read-only folder, made without root
 * rights: `unshare --user --map-root-user --mount` gives the test a mount namespace of its own in
 * which it may mount a tmpfs. Everything that must see the mounts (the CLI runs and a look at the
 * folders after each) happens inside that namespace, through `tinyDiskDriver.js`.
 */

/** A tmpfs to mount over `dir` (created if missing). */
export interface TinyMount {
  dir: string;
  /** Size in KB (a multiple of 4). */
  sizeKb: number;
  readOnly?: boolean;
  /** Fill the mount with a file named `filler` until only this many KB are free. */
  leaveFreeKb?: number;
}

/** One CLI run in the namespace; `removeBefore` deletes files (a filler, say) first. */
export interface TinyRun {
  args: string[];
  env: Record<string, string>;
  removeBefore?: string[];
  /** Folders whose entries are listed after the run. */
  list?: string[];
}

/** What one run printed and returned, and what the listed folders held afterwards. */
export interface TinyRunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  listings: Record<string, string[]>;
}

/** Whether this machine lets a test mount a tmpfs in a namespace of its own. */
export function canMountTinyDisks(): boolean {
  const r = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'true'], { stdio: 'ignore' });
  return r.status === 0;
}

/** Mounts `mounts`, then runs the CLI once per entry of `runs`, in order, inside one namespace. */
export function runOnTinyDisks(mounts: TinyMount[], runs: TinyRun[]): Promise<TinyRunResult[]> {
  for (const m of mounts) fs.mkdirSync(m.dir, { recursive: true });
  const driver = path.join(__dirname, 'tinyDiskDriver.js');
  const plan = JSON.stringify({ mounts, runs, cli: cliPath });
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['--user', '--map-root-user', '--mount', process.execPath, driver, plan], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`The tiny-disk driver failed (${code}): ${err}`));
      resolve(JSON.parse(out) as TinyRunResult[]);
    });
  });
}
