import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ActivationFigure } from './activation.test';
import type { EventLoopFigure, EventLoopInput } from './eventLoop.test';

const run = promisify(execFile);

/** The repository root (this file runs as out/bench/extensionFigures.js). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** The shipped bundle's size and how long the extension host takes to activate it. */
export interface ExtensionFigures {
  /** dist/extension.js as `node esbuild.js --production` writes it (what the .vsix ships). */
  productionBytes: number;
  /** dist/extension.js of the development build in the repository, for comparison. */
  developmentBytes: number;
  /** One figure per fresh code-server session; the median is the one reported. */
  activations: ActivationFigure[];
  activationMs: number | undefined;
  method: string;
  error?: string;
}

/**
 * Builds the production bundle in a temporary copy of the repository (so dist/, which tests use, is
 * left alone), then times activation in `sessions` fresh code-server sessions through the project's
 * harness, run from that copy so the extension under test is the production bundle.
 */
export async function measureExtension(sessions: number): Promise<ExtensionFigures> {
  const method = `code-server extension host, first ext.activate() after 3 s idle, median of ${sessions} sessions, production bundle`;
  const copy = await productionCopy(repoRoot);
  try {
    const figures: ExtensionFigures = {
      productionBytes: copy.productionBytes,
      developmentBytes: fs.statSync(path.join(repoRoot, 'dist/extension.js')).size,
      activations: [],
      activationMs: undefined,
      method,
    };
    try {
      await ensureCodeServer();
      for (let i = 0; i < sessions; i++) figures.activations.push(await activateOnce(copy.root));
      figures.activationMs = median(figures.activations.map((a) => a.activationMs));
      if (figures.activations.some((a) => a.wasActive)) figures.error = 'the extension was already active before the measurement';
    } catch (e) {
      figures.error = e instanceof Error ? e.message : String(e);
    }
    return figures;
  } finally {
    copy.remove();
  }
}

/** A temporary copy of a tree with its production bundle built, ready for `activateOnce`. */
export interface ProductionCopy {
  root: string;
  /** dist/extension.js as `node esbuild.js --production` wrote it. */
  productionBytes: number;
  remove(): void;
}

/**
 * Copies what the build needs from `tree` (its sources, esbuild.js and node_modules) and builds the
 * production bundle there with the tree's own esbuild.js. The harness and the activation suite come
 * from this checkout whatever `tree` is, so two trees are measured by the same instrument.
 */
export async function productionCopy(tree: string): Promise<ProductionCopy> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-bench-extension-'));
  const remove = (): void => fs.rmSync(root, { recursive: true, force: true });
  try {
    for (const name of ['esbuild.js', 'package.json', 'tsconfig.json']) fs.copyFileSync(path.join(tree, name), path.join(root, name));
    fs.cpSync(path.join(tree, 'src'), path.join(root, 'src'), { recursive: true });
    fs.symlinkSync(path.join(tree, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    fs.cpSync(path.join(repoRoot, 'test/vscode/host'), path.join(root, 'test/vscode/host'), { recursive: true });
    fs.mkdirSync(path.join(root, 'out/test/vscode/host'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'out/test/vscode/host/index.js'), path.join(root, 'out/test/vscode/host/index.js'));
    fs.mkdirSync(path.join(root, 'out/bench'), { recursive: true });
    fs.copyFileSync(path.join(__dirname, 'activation.test.js'), path.join(root, 'out/bench/activation.test.js'));
    await run(process.execPath, ['esbuild.js', '--production'], { cwd: root });
    return { root, productionBytes: fs.statSync(path.join(root, 'dist/extension.js')).size, remove };
  } catch (e) {
    remove();
    throw e;
  }
}

/** The middle value (the upper of the two middle ones for an even count); undefined for none. */
export function median(values: number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Where code-server is installed: the test harness's cache unless CODE_SERVER_CACHE says otherwise. */
const codeServerCache = process.env.CODE_SERVER_CACHE || path.join(repoRoot, '.vscode-test/code-server');

/** Installs code-server on a clean clone, as `npm test` does (about a minute); does nothing once it is there. */
export async function ensureCodeServer(): Promise<void> {
  await run('bash', [path.join(repoRoot, 'scripts/setupCodeServer.sh')], {
    env: { ...process.env, CODE_SERVER_CACHE: codeServerCache },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`code-server could not be installed: ${(e.stderr || e.stdout || e.message).trim().split('\n').slice(-3).join(' | ')}`);
  });
}

/**
 * One fresh code-server session running the one-test suite in out/bench of the copy at `root`.
 * With `profile`, the session also writes a CPU profile of the activation to that file.
 */
export async function activateOnce(root: string, profile?: string): Promise<ActivationFigure> {
  const out = path.join(root, 'activation.json');
  fs.rmSync(out, { force: true });
  await run(process.execPath, [path.join(root, 'test/vscode/host/runCodeServer.mjs'), '--suite-dir', path.join(root, 'out/bench')], {
    cwd: root,
    env: {
      ...process.env,
      CODE_SERVER_CACHE: codeServerCache,
      MT_BENCH_ACTIVATION_OUT: out,
      ...(profile ? { MT_BENCH_ACTIVATION_PROFILE: profile } : {}),
      MT_TEST_TIMEOUT_MS: '120000',
    },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((e: { stdout?: string; message: string }) => {
    throw new Error(`the code-server harness failed: ${(e.stdout ?? e.message).trim().split('\n').slice(-3).join(' | ')}`);
  });
  if (!fs.existsSync(out)) throw new Error('the suite ran but wrote no figure');
  return JSON.parse(fs.readFileSync(out, 'utf8')) as ActivationFigure;
}

/** The extension host's event-loop delay while it translated a file, and the host's idle floor. */
export interface EventLoopHostFigures {
  figure?: EventLoopFigure;
  source: string;
  timeScale: number;
  method: string;
  error?: string;
}

/**
 * Translates `input` in a code-server extension host as the extension's commands do (every display
 * of the run, the engine on its worker unless `onHost`), against the fake at `baseUrl` (in the
 * benchmark's own process, so its work is not counted on the host's thread), and reads back the
 * host's event-loop delay over the run.
 */
export async function measureEventLoop(o: { input: string; label: string; baseUrl: string; apiKey: string; timeScale: number; speech: boolean; workDir: string; onHost?: boolean }): Promise<EventLoopHostFigures> {
  const where = o.onHost ? "the engine on the host's own thread" : "the engine on its worker thread, as the extension runs it";
  const method = `code-server extension host, monitorEventLoopDelay (10 ms timer, its period taken off) over one translation with every display of the run and ${where}, ${o.speech ? 'with speech' : 'text only'}, the fake ${o.timeScale}x faster than real time`;
  const dir = fs.mkdtempSync(path.join(o.workDir, 'host-'));
  const suite = path.join(dir, 'suite');
  fs.mkdirSync(suite);
  fs.copyFileSync(path.join(__dirname, 'eventLoop.test.js'), path.join(suite, 'eventLoop.test.js'));
  const input: EventLoopInput = {
    outSrc: path.join(repoRoot, 'out/src'),
    onHost: o.onHost,
    input: o.input,
    outDir: dir,
    cacheDir: path.join(dir, 'cache'),
    baseUrl: o.baseUrl,
    apiKey: o.apiKey,
    rateWindowSeconds: 60 / o.timeScale,
    speech: o.speech,
  };
  const inFile = path.join(dir, 'in.json');
  const outFile = path.join(dir, 'out.json');
  fs.writeFileSync(inFile, JSON.stringify(input));
  try {
    await ensureCodeServer();
    await run(process.execPath, [path.join(repoRoot, 'test/vscode/host/runCodeServer.mjs'), '--suite-dir', suite], {
      cwd: repoRoot,
      env: { ...process.env, CODE_SERVER_CACHE: codeServerCache, MT_BENCH_EVENTLOOP_IN: inFile, MT_BENCH_EVENTLOOP_OUT: outFile, MT_TEST_TIMEOUT_MS: String(20 * 60_000) },
      maxBuffer: 16 * 1024 * 1024,
    });
    if (!fs.existsSync(outFile)) throw new Error('the suite ran but wrote no figure');
    return { figure: JSON.parse(fs.readFileSync(outFile, 'utf8')) as EventLoopFigure, source: o.label, timeScale: o.timeScale, method };
  } catch (e) {
    const err = e as { stdout?: string; message?: string };
    return { source: o.label, timeScale: o.timeScale, method, error: (err.stdout || err.message || String(e)).trim().split('\n').slice(-3).join(' | ') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
