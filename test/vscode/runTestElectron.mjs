#!/usr/bin/env node
// The same extension-host suite as `npm test`, in a desktop VS Code downloaded by @vscode/test-electron.
// For machines that can reach Microsoft's update servers (these ones cannot: they use code-server).
// Needs dist/ and out/ built first (`npm run build && npm run compile-tests`), and a display: on a
// headless Linux machine run it under `xvfb-run -a`.
//
//   node test/vscode/runTestElectron.mjs            VS Code 1.100.3 (the minimum the manifest allows)
//   VSCODE_VERSION=stable node test/vscode/runTestElectron.mjs
//
// Prints `N passed, N failed[, N skipped]` alone on the last line; exits non-zero on any failure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const extensionTestsPath = path.join(repoRoot, 'out/test/vscode/host/index.js');
const fixtures = path.join(repoRoot, 'test/vscode/fixtures');

async function main() {
  if (!fs.existsSync(extensionTestsPath)) {
    console.error('out/test/vscode/host/index.js is missing: run `npm run compile-tests` first.');
    console.log('0 passed, 1 failed');
    return 2;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-vscode-electron-'));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  if (fs.existsSync(fixtures)) fs.cpSync(fixtures, workspace, { recursive: true });
  const results = path.join(tmp, 'results.json');

  let error;
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || '1.100.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      // The same variables the code-server runner passes (see test/vscode/host/index.ts).
      extensionTestsEnv: {
        MT_TEST_RESULTS: results,
        MT_TEST_LOG: `${results}.log`,
        MT_TEST_WORKSPACE: workspace,
        ...(process.env.MT_TEST_GREP ? { MT_TEST_GREP: process.env.MT_TEST_GREP } : {}),
      },
      // A fresh workspace, user data and extensions each run; test-electron adds --no-sandbox and the rest.
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(tmp, 'user-data')}`,
        `--extensions-dir=${path.join(tmp, 'extensions')}`,
        '--disable-telemetry',
        '--disable-gpu',
      ],
    });
  } catch (e) {
    // runTests rejects when VS Code exits non-zero, which run() causes on any failure; the results say why.
    error = e;
  }

  const log = `${results}.log`;
  if (fs.existsSync(log)) process.stdout.write(fs.readFileSync(log, 'utf8'));
  const r = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : undefined;
  fs.rmSync(tmp, { recursive: true, force: true });
  if (!r) {
    console.error(`The suite did not report: ${error instanceof Error ? error.message : (error ?? 'no results file')}`);
    console.log('0 passed, 1 failed');
    return 2;
  }
  r.failures.forEach((f, i) => console.log(`  ${i + 1}) ${f.title}\n     ${f.message.split('\n').join('\n     ')}`));
  console.log(`${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} skipped` : ''}`);
  return r.failed ? 1 : 0;
}

process.exitCode = await main();
