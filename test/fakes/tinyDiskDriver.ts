/**
 * Runs inside the mount namespace that `runOnTinyDisks` creates: mounts the tmpfs folders, runs the
 * CLI as asked and prints every result as JSON on stdout. Not a test module of its own.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TinyMount, TinyRun, TinyRunResult } from './tinyDisk';

const plan = JSON.parse(process.argv[2]) as { mounts: TinyMount[]; runs: TinyRun[]; cli: string };

for (const m of plan.mounts) {
  const options = `size=${m.sizeKb}k,mode=0777`;
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', m.dir], { encoding: 'utf8' });
  if (mounted.status !== 0) throw new Error(`mount failed: ${mounted.stderr}`);
  if (m.leaveFreeKb !== undefined) {
    const stat = fs.statfsSync(m.dir);
    const free = stat.bavail * stat.bsize;
    fs.writeFileSync(path.join(m.dir, 'filler'), Buffer.alloc(Math.max(0, free - m.leaveFreeKb * 1024)));
  }
  if (m.readOnly) {
    const ro = spawnSync('mount', ['-o', 'remount,ro', m.dir], { encoding: 'utf8' });
    if (ro.status !== 0) throw new Error(`remount failed: ${ro.stderr}`);
  }
}

const results: TinyRunResult[] = plan.runs.map((run) => {
  for (const file of run.removeBefore ?? []) fs.rmSync(file, { force: true });
  const r = spawnSync(process.execPath, [plan.cli, ...run.args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...run.env },
    encoding: 'utf8',
  });
  const listings = Object.fromEntries((run.list ?? []).map((d) => [d, fs.existsSync(d) ? fs.readdirSync(d).sort() : []]));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, listings };
});
process.stdout.write(JSON.stringify(results));
