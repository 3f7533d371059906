#!/usr/bin/env node
// Runs the extension-host suite (out/test/vscode/suite/**/*.test.js) in code-server + headless Chromium.
// It builds nothing: `npm test` (pretest) builds dist/ and out/ first.
//
//   node test/vscode/host/runCodeServer.mjs [--grep REGEX] [--suite-dir DIR] [--keep]
//
// The tests module (out/test/vscode/host/index.js) writes results.json into the session's temporary
// root; code-server passes its environment on to the extension host, so MT_TEST_RESULTS reaches it.
// Prints each test as it finishes, then `N passed, N failed[, N skipped]` alone on the last line.
// Exit code: 0 when all passed, 1 on any failure, 2 when the suite never reported (timeout, crash).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CodeServerSession, repoRoot, sleep, stopOnExit, summaryLine } from './codeServer.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'suite-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const timeoutMs = Number(process.env.MT_TEST_TIMEOUT_MS || 10 * 60_000);
const testsModule = path.join(repoRoot, 'out/test/vscode/host/index.js');
const fixtures = path.join(repoRoot, 'test/vscode/fixtures');

async function main() {
  const t0 = Date.now();
  if (!fs.existsSync(testsModule)) {
    console.error(`${path.relative(repoRoot, testsModule)} is missing: run \`npm run compile-tests\` first.`);
    console.log(summaryLine({ passed: 0, failed: 1 }));
    return 2;
  }

  const session = new CodeServerSession({ prefix: 'mt-vscode-suite-' });
  const results = path.join(session.root, 'results.json');
  const logPath = `${results}.log`;
  session.extraEnv = {
    MT_TEST_RESULTS: results,
    MT_TEST_LOG: logPath,
    MT_TEST_WORKSPACE: session.workspace,
    ...(opts['suite-dir'] ? { MT_TEST_SUITE_DIR: path.resolve(opts['suite-dir']) } : {}),
    ...(opts.grep ? { MT_TEST_GREP: opts.grep } : {}),
  };
  stopOnExit(session);
  if (fs.existsSync(fixtures)) fs.cpSync(fixtures, session.workspace, { recursive: true });

  let outcome;
  try {
    await session.start();
    const tStarted = Date.now();
    console.log(`code-server on 127.0.0.1:${session.port} (started in ${((tStarted - t0) / 1000).toFixed(1)} s)`);
    session.openInChromium(
      session.workbenchUrl({ extensionDevelopmentPath: repoRoot, extensionTestsPath: testsModule }),
    );
    outcome = await waitForResults(session, results, logPath);
    if (outcome.results) {
      const r = outcome.results;
      console.log(
        `VS Code ${r.vscodeVersion}: suite ran in ${(r.durationMs / 1000).toFixed(1)} s, ` +
          `${((Date.now() - t0) / 1000).toFixed(1)} s in all`,
      );
    }
  } catch (e) {
    outcome = { error: e instanceof Error ? e.message : String(e) };
  }

  if (!outcome.results) {
    console.error(`The extension-host suite did not report: ${outcome.error}`);
    console.error(`--- code-server log (last lines) ---\n${session.logTail(30)}`);
    saveArtifact(session.logFile, 'code-server.log');
  }
  await session.stop({ keep: opts.keep });
  if (opts.keep) console.log(`Kept ${session.root}`);

  const r = outcome.results;
  if (!r) {
    // Count what finished before the suite stopped reporting, plus one failure for the stop itself.
    console.log(summaryLine({ passed: outcome.seen?.passed ?? 0, failed: (outcome.seen?.failed ?? 0) + 1 }));
    return 2;
  }
  if (r.failed) {
    console.log('\nFailures:');
    r.failures.forEach((f, i) => console.log(`  ${i + 1}) ${f.title}\n     ${f.message.split('\n').join('\n     ')}`));
  }
  console.log(summaryLine({ passed: r.passed, failed: r.failed, skipped: r.pending }));
  return r.failed ? 1 : 0;
}

/** Echoes the per-test log while waiting for results.json; gives up on timeout or a dead host. */
async function waitForResults(session, results, logPath) {
  const deadline = Date.now() + timeoutMs;
  let offset = 0;
  let hostGoneAt = 0;
  const echo = () => {
    if (!fs.existsSync(logPath)) return;
    const text = fs.readFileSync(logPath, 'utf8');
    if (text.length < offset) offset = 0;
    const fresh = text.slice(offset);
    const upto = fresh.lastIndexOf('\n') + 1;
    if (upto > 0) {
      process.stdout.write(fresh.slice(0, upto));
      offset += upto;
    }
  };
  while (Date.now() < deadline) {
    echo();
    if (fs.existsSync(results)) {
      echo();
      return { results: JSON.parse(fs.readFileSync(results, 'utf8')) };
    }
    if (session.exited) return { error: 'code-server exited.', seen: seenInLog(logPath) };
    // The extension host ends after run() settles; results.json comes before that. Allow a grace period.
    if (session.extensionHostExited()) {
      hostGoneAt ||= Date.now();
      if (Date.now() - hostGoneAt > 5000) {
        return { error: 'the extension host exited without writing results.', seen: seenInLog(logPath) };
      }
    }
    await sleep(250);
  }
  const current = readOr(`${logPath}.current`, '');
  return {
    error: `no results after ${timeoutMs / 1000} s (MT_TEST_TIMEOUT_MS)${current ? `; running: ${current}` : ''}.`,
    seen: seenInLog(logPath),
  };
}

/** Passes and failures the per-test log recorded, for a suite that never finished. */
function seenInLog(logPath) {
  const text = readOr(logPath, '');
  return { passed: (text.match(/^  ✔ /gm) || []).length, failed: (text.match(/^  ✘ /gm) || []).length };
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function saveArtifact(file, name) {
  try {
    const dir = path.join(repoRoot, 'test-artifacts');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(file, path.join(dir, name));
    console.error(`Saved test-artifacts/${name}`);
  } catch {
    // Nothing to save.
  }
}

process.exitCode = await main();
