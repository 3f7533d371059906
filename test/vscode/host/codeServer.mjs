// Starts code-server and headless Chromium for the extension-host suite (runCodeServer.mjs) and the UI
// checks (test/vscode/ui/*.mjs), following /work/shared/reference/vscode-host-recipe.md.
// Each process runs in its own process group, so stopping it also ends the extension host, Chromium's
// renderers and anything the tests spawned. Nothing is written to $HOME: code-server's config, logs and
// caches and Chromium's profile all live in one temporary folder that stop() removes.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/vscode/host/codeServer.mjs). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The entry script of the cached code-server (scripts/setupCodeServer.sh installs it). */
export const codeServerEntry = path.join(
  process.env.CODE_SERVER_CACHE || path.join(repoRoot, '.vscode-test/code-server'),
  'node_modules/code-server/out/node/entry.js',
);

/** Debian's Chromium unless CHROMIUM_PATH says otherwise. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The recipe's Chromium flags, without the profile folder and headless switch (callers add those). */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-breakpad',
];

/** User settings that keep the workbench quiet and offline; tests change settings per workspace. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
};

/** Fails early, with the fix, when the cache or Chromium is missing. */
export function checkPrerequisites() {
  if (!fs.existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed at ${codeServerEntry}. Run: bash scripts/setupCodeServer.sh`);
  }
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium is not at ${chromiumPath}. Run: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
}

/** A port nobody listens on right now (another process may still take it; start() retries). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A code-server session: a temporary root holding the workspace, user data, extensions, Chromium
 * profile and logs. `start()` launches code-server; `openInChromium()` opens the workbench headless
 * (for extension tests); `workbenchUrl()` serves Playwright. `stop()` ends both process groups and
 * removes the temporary root.
 */
export class CodeServerSession {
  /** @param {{ prefix?: string, env?: Record<string,string> }} [options] */
  constructor(options = {}) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix || 'mt-code-server-'));
    this.workspace = path.join(this.root, 'workspace');
    this.userData = path.join(this.root, 'user-data');
    this.extensionsDir = path.join(this.root, 'extensions');
    this.xdg = path.join(this.root, 'xdg');
    this.logFile = path.join(this.root, 'code-server.log');
    for (const d of [this.workspace, path.join(this.userData, 'User'), this.extensionsDir, this.xdg]) {
      fs.mkdirSync(d, { recursive: true });
    }
    fs.writeFileSync(path.join(this.userData, 'User/settings.json'), JSON.stringify(userSettings, null, 2));
    this.extraEnv = options.env || {};
    /** @type {import('node:child_process').ChildProcess[]} */
    this.children = [];
    this.port = 0;
    this.exited = false;
    this.stopped = false;
  }

  /** The environment for both children: caches and config under the temporary root, never $HOME. */
  env() {
    return {
      ...process.env,
      XDG_CONFIG_HOME: path.join(this.xdg, 'config'),
      XDG_DATA_HOME: path.join(this.xdg, 'data'),
      XDG_CACHE_HOME: path.join(this.xdg, 'cache'),
      ...this.extraEnv,
    };
  }

  /** Starts code-server on a free port and resolves once /healthz answers. */
  async start() {
    checkPrerequisites();
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      this.exited = false;
      const log = fs.openSync(this.logFile, 'a');
      const child = spawn(
        process.execPath,
        [
          codeServerEntry,
          '--auth', 'none',
          '--bind-addr', `127.0.0.1:${this.port}`,
          '--config', path.join(this.root, 'config.yaml'),
          '--user-data-dir', this.userData,
          '--extensions-dir', this.extensionsDir,
          '--disable-telemetry',
          '--disable-update-check',
          '--disable-workspace-trust',
          '--disable-getting-started-override',
          this.workspace,
        ],
        { detached: true, stdio: ['ignore', log, log], env: this.env() },
      );
      fs.closeSync(log);
      this.children.push(child);
      child.on('exit', () => (this.exited = true));
      if (await this.waitHealthy(child, 60_000)) return;
      this.kill(child);
      const tail = this.logTail(20);
      if (attempt >= 3 || !/EADDRINUSE/.test(tail)) throw new Error(`code-server did not start:\n${tail}`);
    }
  }

  /** Polls /healthz until it answers, the process exits, or the time runs out. */
  async waitHealthy(child, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return true;
      } catch {
        // Not listening yet.
      }
      await sleep(200);
    }
    return false;
  }

  /** `vscode-remote://` URI of a server-side path, as the workbench payload expects. */
  remote(p) {
    return `vscode-remote://127.0.0.1:${this.port}${path.resolve(p)}`;
  }

  /**
   * The workbench URL for this session's workspace.
   * @param {{ extensionDevelopmentPath?: string, extensionTestsPath?: string }} [payload]
   */
  workbenchUrl(payload = {}) {
    const entries = [];
    if (payload.extensionDevelopmentPath) entries.push(['extensionDevelopmentPath', this.remote(payload.extensionDevelopmentPath)]);
    if (payload.extensionTestsPath) entries.push(['extensionTestsPath', this.remote(payload.extensionTestsPath)]);
    let url = `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspace)}`;
    if (entries.length) url += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
    return url;
  }

  /** Opens the URL in headless Chromium, in its own process group with a profile under the temporary root. */
  openInChromium(url) {
    const log = fs.openSync(path.join(this.root, 'chromium.log'), 'a');
    const child = spawn(
      chromiumPath,
      ['--headless', ...chromiumFlags, `--user-data-dir=${path.join(this.root, 'chromium')}`, url],
      { detached: true, stdio: ['ignore', log, log], env: this.env() },
    );
    fs.closeSync(log);
    this.children.push(child);
    return child;
  }

  /** The last lines of code-server's log, for failure reports. */
  logTail(lines) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no code-server log)';
    }
  }

  /** Whether code-server's log says the extension host ended (the suite cannot report after that). */
  extensionHostExited() {
    try {
      return /Extension Host Process exited/.test(fs.readFileSync(this.logFile, 'utf8'));
    } catch {
      return false;
    }
  }

  /** Sends a signal to a child's whole process group; quiet if it is gone already. */
  kill(child, signal = 'SIGTERM') {
    if (!child.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group has ended.
    }
  }

  /** Ends every process group (TERM, then KILL after 3 s) and removes the temporary root. */
  async stop({ keep = false } = {}) {
    if (this.stopped) return;
    this.stopped = true;
    for (const c of this.children) this.kill(c, 'SIGTERM');
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && this.children.some((c) => groupAlive(c.pid))) await sleep(100);
    for (const c of this.children) if (groupAlive(c.pid)) this.kill(c, 'SIGKILL');
    if (!keep) fs.rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
  }

  /** Synchronous last resort for process exit handlers: KILL the groups, remove the folder. */
  stopSync() {
    if (this.stopped) return;
    this.stopped = true;
    for (const c of this.children) this.kill(c, 'SIGKILL');
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Whether any process of the group led by pid still runs. */
function groupAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the sessions when the harness is interrupted or exits without cleaning up. */
export function stopOnExit(...sessions) {
  const stopAll = () => sessions.forEach((s) => s.stopSync());
  process.once('exit', stopAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      stopAll();
      process.exit(130);
    });
  }
}

/** Makes a tiny two-second MP4 with picture and sound. */
export function makeTinyMp4(file) {
  const r = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=5',
      '-f', 'lavfi', '-i', 'sine=frequency=440',
      '-t', '2', '-shortest', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`ffmpeg could not make ${file}: ${r.error?.message ?? r.stderr}`);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** The summary line every tier prints last, alone on its line. */
export function summaryLine({ passed, failed, skipped = 0 }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}
