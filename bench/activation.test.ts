/**
 * Not a test of behaviour: a measurement the benchmark runs in a real extension host (code-server,
 * through test/vscode/host/runCodeServer.mjs --suite-dir out/bench). It times the extension's first
 * `activate()` (loading dist/extension.js and running its `activate`) and writes the figure to the
 * file named by MT_BENCH_ACTIVATION_OUT. With MT_BENCH_ACTIVATION_PROFILE it also writes a CPU
 * profile of that activation there (the profiler slows it, so that figure is not the one to report).
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

const extensionId = 'media-translate.media-translate';

/** What the benchmark reads back. */
export interface ActivationFigure {
  activationMs: number;
  /** True if something activated the extension before the measurement, which would void it. */
  wasActive: boolean;
  vscodeVersion: string;
}

/** How long the host is left to settle first, as a user's first command comes after the window has loaded. */
const settleMs = 3000;

describe('benchmark: activation', () => {
  it('times the first activation of the extension', async () => {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const ext = vscode.extensions.getExtension(extensionId);
    if (!ext) throw new Error(`${extensionId} is not installed for development.`);
    const wasActive = ext.isActive;
    const profile = process.env.MT_BENCH_ACTIVATION_PROFILE;
    const profiler = profile ? await startProfiler() : undefined;
    const started = performance.now();
    await ext.activate();
    const figure: ActivationFigure = { activationMs: performance.now() - started, wasActive, vscodeVersion: vscode.version };
    if (profiler && profile) fs.writeFileSync(profile, JSON.stringify(await stopProfiler(profiler)));
    const out = process.env.MT_BENCH_ACTIVATION_OUT;
    if (out) fs.writeFileSync(out, JSON.stringify(figure));
  });
});

/** A CPU profiler on the extension host's own thread, sampling every 100 µs. */
async function startProfiler(): Promise<inspector.Session> {
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return session;
}

/** The profile, as Chromium's DevTools read it (a .cpuprofile file). */
async function stopProfiler(session: inspector.Session): Promise<unknown> {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return profile;
}
