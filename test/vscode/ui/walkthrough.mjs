#!/usr/bin/env node
// UI check in code-server, driven by playwright-core with Debian's Chromium: "Media Translate: Get
// Started" opens the Getting Started walkthrough with its steps (one ffmpeg step, Linux's); Check ffmpeg
// run from the palette before the walkthrough is opened has ticked its step off when it opens, and
// setting a key from the palette with the walkthrough open ticks its step off with no click on it.
// Screenshots: test-artifacts/walkthrough.png and test-artifacts/walkthrough-steps-done.png.
//
//   node test/vscode/ui/walkthrough.mjs [--extension DIR] [--keep]
//
// Prints `N passed, N failed` alone on the last line; exits non-zero on any failure.
import { Checks } from './checks.mjs';
import { Screenshots, artifactsDir, runFromPalette, runWorkbenchChecks, setApiKey, workbenchArgs } from './workbench.mjs';

const opts = workbenchArgs();
const steps = ['Set your API key', 'Check ffmpeg', 'Translate a file', 'Open the result'];

const shots = new Screenshots(artifactsDir);
shots.clear(['walkthrough.png', 'walkthrough-steps-done.png', 'failed-walkthrough.png']);
const checks = new Checks({ shots, failedShot: () => 'failed-walkthrough' });

process.exitCode = await runWorkbenchChecks({ prefix: 'mt-vscode-walkthrough-', keep: opts.keep, checks }, async ({ open }) => {
  const page = await open({ extensionDevelopmentPath: opts.extension, viewport: { width: 1280, height: 860 } });
  const walkthrough = page.locator('.gettingStartedContainer');
  const step = (title) => walkthrough.locator('.getting-started-step', { hasText: title }).first();

  await checks.check('Check ffmpeg from the palette, before the walkthrough is open, finds ffmpeg', async () => {
    await runFromPalette(page, 'Media Translate: Check ffmpeg');
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'found' }).first().waitFor({ timeout: 20_000 });
  });

  await checks.check('"Media Translate: Get Started" opens the walkthrough with its four steps, ffmpeg\'s ticked off', async () => {
    await runFromPalette(page, 'Media Translate: Get Started');
    await walkthrough.locator('.getting-started-category', { hasText: 'Get Started with Media Translate' }).first().waitFor({ timeout: 30_000 });
    await step(steps[0]).waitFor({ timeout: 10_000 });
    const titles = await walkthrough.locator('.getting-started-step .step-title').allInnerTexts();
    const shown = titles.map((t) => t.trim()).filter(Boolean);
    await page.waitForTimeout(500);
    await shots.take(page, 'walkthrough');
    if (JSON.stringify(shown) !== JSON.stringify(steps)) throw new Error(`Steps shown: ${shown.join(' | ')}`);
    const text = await step(steps[0]).innerText();
    if (!/International \(Singapore\)/.test(text) || !/Mainland China \(Beijing\)/.test(text)) throw new Error(`The key step names no region: ${text}`);
    await step(steps[1]).locator('.codicon.complete').waitFor({ timeout: 10_000 });
  });

  await checks.check('setting the key from the palette ticks its step off', async () => {
    await setApiKey(page, 'sk-walkthrough-0123456789');
    await step(steps[0]).locator('.codicon.complete').waitFor({ timeout: 20_000 });
  });

  await checks.check('Check ffmpeg from the walkthrough keeps its step ticked off', async () => {
    await step(steps[1]).click();
    await walkthrough.locator('a, .button-link', { hasText: 'Check ffmpeg' }).last().click();
    await step(steps[1]).locator('.codicon.complete').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await shots.take(page, 'walkthrough-steps-done');
  });
});
