import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** What one run of the built CLI printed and returned. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The bundled CLI, as `npx media-translate` runs it. */
export const cliPath = path.resolve(__dirname, '../../../dist/cli.js');

/**
 * Runs `dist/cli.js` with `args` (no shell). `env` is added to a clean environment that keeps only
 * PATH and HOME, so nothing from the developer's shell leaks in.
 */
export function runCli(
  args: string[],
  o: {
    env?: Record<string, string>;
    cwd?: string;
    onStderr?: (text: string) => void;
    /** Sends `signal` once stderr holds `text`, or once the file `appears` exists (checked every 20 ms). */
    signalAfter?: { text?: string; appears?: string; signal: NodeJS.Signals };
  } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: o.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      o.onStderr?.(d.toString('utf8'));
      if (o.signalAfter?.text !== undefined && !signalled && stderr.includes(o.signalAfter.text)) {
        signalled = true;
        child.kill(o.signalAfter.signal);
      }
    });
    const appears = o.signalAfter?.appears;
    const watch = appears
      ? setInterval(() => {
          if (signalled || !fs.existsSync(appears)) return;
          signalled = true;
          child.kill(o.signalAfter?.signal);
        }, 20)
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(watch);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * The environment a CLI run needs against the fake API: its key and address, and a cache folder of
 * the test's own (and a TMPDIR, when the test looks at temporary files).
 */
export function cliEnv(o: { apiKey: string; baseUrl: string; cacheDir: string; tmpDir?: string }): Record<string, string> {
  const env: Record<string, string> = { DASHSCOPE_API_KEY: o.apiKey, DASHSCOPE_BASE_URL: o.baseUrl, MEDIA_TRANSLATE_CACHE_DIR: o.cacheDir };
  if (o.tmpDir !== undefined) env.TMPDIR = o.tmpDir;
  return env;
}
