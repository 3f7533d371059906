/**
 * Not a test of behaviour: a measurement the benchmark runs in a real extension host (code-server,
 * through test/vscode/host/runCodeServer.mjs --suite-dir out/bench). It times the extension's first
 * `activate()` (loading dist/extension.js and running its `activate`) and writes the figure to the
 * file named by MT_BENCH_ACTIVATION_OUT.
 */
import * as fs from 'node:fs';
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
    const started = performance.now();
    await ext.activate();
    const figure: ActivationFigure = { activationMs: performance.now() - started, wasActive, vscodeVersion: vscode.version };
    const out = process.env.MT_BENCH_ACTIVATION_OUT;
    if (out) fs.writeFileSync(out, JSON.stringify(figure));
  });
});
