#!/usr/bin/env node
// What `npm test` runs, after `pretest` has built dist/ and out/:
//   1. unit    node:test over out/test/unit/**/*.test.js (two at a time)
//   2. vscode  the Mocha suite in a real extension host: code-server + headless Chromium
//   3. ui      Playwright checks of the workbench (explorer context menu, the Problems panel on a faulty
//              .srt, the Preview Translation player on a translated MP4, the walkthrough, the picks, a notification and the player in a zh-cn
//              workbench), then the packaged .vsix installed and driven through a whole translation;
//              screenshots in test-artifacts/
// code-server is installed into .vscode-test/ first when missing (scripts/setupCodeServer.sh).
//
//   node test/run.mjs [unit] [vscode] [ui]     (no arguments: all three; MT_TEST_TIERS=unit,ui works too)
//
// Each tier prints `N passed, N failed[, N skipped]` last; this script adds them up and prints the same
// line for the whole run, alone on the last line. Exit code 1 on any failure.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const allTiers = ['unit', 'vscode', 'ui'];
const asked = process.argv.slice(2).length
  ? process.argv.slice(2)
  : (process.env.MT_TEST_TIERS || allTiers.join(',')).split(',').map((t) => t.trim()).filter(Boolean);
const unknown = asked.filter((t) => !allTiers.includes(t));
if (unknown.length) {
  console.error(`Unknown tier(s): ${unknown.join(', ')}. Choose from: ${allTiers.join(', ')}.`);
  process.exit(2);
}

const summaryRe = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;
/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    // Children run in their own process groups (so a timeout can end all they started); pass the signal on.
    for (const c of running) killGroup(c, sig);
    process.exit(130);
  });
}

const total = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
const t0 = Date.now();

for (const tier of allTiers.filter((t) => asked.includes(t))) {
  const started = Date.now();
  header(tier);
  let r;
  if (tier === 'unit') r = await unitTier();
  else r = await hostTier(tier);
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  timings.push(`${tier} ${seconds(Date.now() - started)}`);
}

console.log(`\n== summary (${timings.join(', ')}; ${seconds(Date.now() - t0)} in all) ==`);
console.log(line(total));
process.exitCode = total.failed ? 1 : 0;

/** node:test over every compiled unit test; counts come from a TAP copy of the report. */
async function unitTier() {
  const dir = path.join(root, 'out/test/unit');
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join('out/test/unit', f))
    : [];
  if (files.length === 0) {
    console.log('No compiled unit tests under out/test/unit (did `npm run compile-tests` run?).');
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const tap = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mt-unit-')), 'report.tap');
  const { code } = await run(
    process.execPath,
    [
      '--test',
      '--test-concurrency=2',
      '--test-timeout=300000',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { timeoutMs: 10 * 60_000 },
  );
  const report = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  fs.rmSync(path.dirname(tap), { recursive: true, force: true });
  const count = (k) => Number(report.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? 0);
  const r = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
  // A crash or a timeout without a failing test still fails the tier.
  if (code !== 0 && r.failed === 0) r.failed = 1;
  console.log(line(r));
  return r;
}

/** The extension-host suite or the UI checks, after making sure code-server is installed. */
async function hostTier(tier) {
  const setup = await run('bash', [path.join(root, 'scripts/setupCodeServer.sh')], { timeoutMs: 10 * 60_000 });
  if (setup.code !== 0) {
    console.log('code-server could not be installed; see above.');
    return { passed: 0, failed: 1, skipped: 0 };
  }
  if (tier === 'vscode') return await counted(process.execPath, [path.join(root, 'test/vscode/host/runCodeServer.mjs')], 12);
  const menu = await counted(process.execPath, [path.join(root, 'test/vscode/ui/contextMenu.mjs')], 4);
  const problems = await counted(process.execPath, [path.join(root, 'test/vscode/ui/problemsPanel.mjs')], 4);
  const preview = await counted(process.execPath, [path.join(root, 'test/vscode/ui/preview.mjs')], 6);
  const walkthrough = await counted(process.execPath, [path.join(root, 'test/vscode/ui/walkthrough.mjs')], 4);
  const chinese = await counted(process.execPath, [path.join(root, 'test/vscode/ui/chineseLocale.mjs')], 4);
  // The packaged extension, installed and used as a new user would: the .vsix holds the production
  // bundle, which the other tiers do not load. dist/ is rebuilt for development afterwards.
  const pack = await run('npm', ['run', '--silent', 'package'], { timeoutMs: 4 * 60_000 });
  const smoke = pack.code === 0
    ? await counted(process.execPath, [path.join(root, 'test/vscode/ui/vsixSmoke.mjs'), '--shots', path.join(root, 'test-artifacts/vsix')], 6)
    : { passed: 0, failed: 1, skipped: 0 };
  await run(process.execPath, [path.join(root, 'esbuild.js')], { timeoutMs: 60_000 });
  const parts = [menu, problems, preview, walkthrough, chinese, smoke];
  const sum = (k) => parts.reduce((n, r) => n + r[k], 0);
  return { passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped') };
}

/** Runs a check script whose last line is its "N passed, N failed" summary. */
async function counted(cmd, args, minutes) {
  const { code, last } = await run(cmd, args, { timeoutMs: minutes * 60_000 });
  const m = last.match(summaryRe);
  const r = m ? { passed: +m[1], failed: +m[2], skipped: +(m[3] ?? 0) } : { passed: 0, failed: 1, skipped: 0 };
  if (code !== 0 && r.failed === 0) r.failed = 1;
  return r;
}

/** Runs a child in its own process group, echoing its output; resolves with its exit code and last line. */
function run(cmd, args, { timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    running.add(child);
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4096);
    });
    const timer = setTimeout(() => {
      console.log(`\nTimed out after ${seconds(timeoutMs)}: ${path.basename(args[0] ?? cmd)}`);
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const lines = tail.trimEnd().split('\n');
      resolve({ code: code ?? (signal ? 1 : 0), last: (lines[lines.length - 1] ?? '').trim() });
    });
  });
}

function killGroup(child, sig) {
  try {
    process.kill(-child.pid, sig);
  } catch {
    // Already gone.
  }
}

function header(tier) {
  const titles = {
    unit: 'unit tests (node:test)',
    vscode: 'extension-host suite (code-server + headless Chromium)',
    ui: 'UI checks (Playwright + Chromium)',
  };
  console.log(`\n== ${titles[tier]} ==`);
}

function line({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
