/**
 * The tests module VS Code loads through `extensionTestsPath`, under code-server (runCodeServer.mjs)
 * or @vscode/test-electron (runTestElectron.mjs). It runs every `out/test/vscode/suite/**\/*.test.js`
 * with Mocha in the extension host, writes a summary the harness waits for, and appends one line
 * per test to a log the harness echoes while the suite runs.
 *
 * Environment (code-server passes its own environment on to the extension host; verified on 4.100.3):
 * - `MT_TEST_RESULTS`: where the JSON summary goes. Without it: `<first workspace folder>/.mt-test-results.json`.
 * - `MT_TEST_LOG`: the per-test log. Without it: the results path with `.log` appended.
 * - `MT_TEST_SUITE_DIR`: the folder of compiled tests (default `out/test/vscode/suite`).
 * - `MT_TEST_GREP`: run only tests whose full title matches this regular expression.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** The summary written when the run ends, successful or not. */
export interface TestResults {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  vscodeVersion: string;
  failures: { title: string; message: string; stack?: string }[];
}

/** Runs the suite; resolves when every test passed and rejects otherwise, as test-electron expects. */
export async function run(): Promise<void> {
  const resultsPath = process.env.MT_TEST_RESULTS || defaultResultsPath();
  const logPath = process.env.MT_TEST_LOG || `${resultsPath}.log`;
  const suiteDir = process.env.MT_TEST_SUITE_DIR || path.resolve(__dirname, '..', 'suite');
  const log = (line: string) => fs.appendFileSync(logPath, `${line}\n`);
  const results: TestResults = {
    passed: 0,
    failed: 0,
    pending: 0,
    durationMs: 0,
    vscodeVersion: vscode.version,
    failures: [],
  };
  const started = Date.now();
  const finish = () => {
    results.durationMs = Date.now() - started;
    // Written to a temporary name and renamed, so the harness never reads half a file.
    fs.writeFileSync(`${resultsPath}.tmp`, JSON.stringify(results, null, 2));
    fs.renameSync(`${resultsPath}.tmp`, resultsPath);
  };

  try {
    fs.mkdirSync(path.dirname(resultsPath), { recursive: true });
    fs.writeFileSync(logPath, '');
    const files = findTests(suiteDir);
    log(`# VS Code ${vscode.version}, ${files.length} test file(s) in ${suiteDir}`);
    if (files.length === 0) throw new Error(`No *.test.js files under ${suiteDir}; did \`npm run compile-tests\` run?`);
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: QuietReporter });
    if (process.env.MT_TEST_GREP) mocha.grep(new RegExp(process.env.MT_TEST_GREP));
    files.forEach((f) => mocha.addFile(f));
    await mocha.loadFilesAsync();

    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      // The harness names this test if the suite times out.
      runner.on('test', (t) => fs.writeFileSync(`${logPath}.current`, t.fullTitle()));
      runner.on('pass', (t) => {
        results.passed++;
        log(`  ✔ ${t.fullTitle()} (${t.duration ?? 0} ms)`);
      });
      runner.on('pending', (t) => {
        results.pending++;
        log(`  - ${t.fullTitle()} (skipped)`);
      });
      runner.on('fail', (t, err: Error) => {
        results.failed++;
        results.failures.push({ title: t.fullTitle(), message: String(err?.message ?? err), stack: err?.stack });
        log(`  ✘ ${t.fullTitle()}\n      ${String(err?.message ?? err).split('\n').join('\n      ')}`);
      });
    });
  } catch (e) {
    // A file that does not load counts as a failure, so the harness never reports a silent pass.
    const err = e instanceof Error ? e : new Error(String(e));
    results.failed++;
    results.failures.push({ title: 'loading the suite', message: err.message, stack: err.stack });
    // The first frames are enough; the rest are the extension host's and Mocha's loaders.
    log(`  ✘ loading the suite\n      ${(err.stack ?? err.message).split('\n').slice(0, 6).join('\n      ')}`);
  }

  finish();
  if (results.failed > 0) throw new Error(`${results.failed} test(s) failed.`);
}

/** A reporter that prints nothing: the extension host's console goes nowhere useful, the log does. */
class QuietReporter extends Mocha.reporters.Base {}

function defaultResultsPath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const dir = folder?.scheme === 'file' ? folder.fsPath : os.tmpdir();
  return path.join(dir, '.mt-test-results.json');
}

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}
