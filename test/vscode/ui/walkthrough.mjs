#!/usr/bin/env node
// UI check in code-server, driven by playwright-core with Debian's Chromium: "Media Translate: Get
// Started" opens the Getting Started walkthrough with its steps (one ffmpeg step, Linux's); setting a
// key from the palette and running Check ffmpeg tick their steps off with no click on the walkthrough.
// Screenshots: test-artifacts/walkthrough.png and test-artifacts/walkthrough-steps-done.png.
//
//   node test/vscode/ui/walkthrough.mjs [--extension DIR] [--keep]
//
// Prints `N passed, N failed` alone on the last line; exits non-zero on any failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CodeServerSession, chromiumFlags, chromiumPath, repoRoot, stopOnExit, summaryLine } from '../host/codeServer.mjs';

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string', default: repoRoot },
    keep: { type: 'boolean', default: false },
  },
});

const artifacts = path.join(repoRoot, 'test-artifacts');
const steps = ['Set your API key', 'Check ffmpeg', 'Translate a file', 'Open the result'];

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  for (const f of ['walkthrough.png', 'walkthrough-steps-done.png', 'failed-walkthrough.png']) fs.rmSync(path.join(artifacts, f), { force: true });
  const session = new CodeServerSession({ prefix: 'mt-vscode-walkthrough-' });
  stopOnExit(session);

  let passed = 0;
  let failed = 0;
  let page;
  const check = async (name, body) => {
    try {
      await body();
      passed++;
      console.log(`  ✔ ${name}`);
    } catch (e) {
      failed++;
      console.log(`  ✘ ${name}\n      ${e instanceof Error ? e.message : e}`);
      await page?.screenshot({ path: path.join(artifacts, 'failed-walkthrough.png') }).catch(() => {});
    }
  };
  let browser;
  try {
    await session.start();
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags, env: session.env() });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(session.workbenchUrl({ extensionDevelopmentPath: path.resolve(opts.extension) }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const walkthrough = page.locator('.gettingStartedContainer');
    const step = (title) => walkthrough.locator('.getting-started-step', { hasText: title }).first();

    await check('"Media Translate: Get Started" opens the walkthrough with its four steps', async () => {
      await runFromPalette(page, 'Media Translate: Get Started');
      await walkthrough.locator('.getting-started-category', { hasText: 'Get Started with Media Translate' }).first().waitFor({ timeout: 30_000 });
      await step(steps[0]).waitFor({ timeout: 10_000 });
      const titles = await walkthrough.locator('.getting-started-step .step-title').allInnerTexts();
      const shown = titles.map((t) => t.trim()).filter(Boolean);
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(artifacts, 'walkthrough.png') });
      if (JSON.stringify(shown) !== JSON.stringify(steps)) throw new Error(`Steps shown: ${shown.join(' | ')}`);
      const text = await step(steps[0]).innerText();
      if (!/International \(Singapore\)/.test(text) || !/Mainland China \(Beijing\)/.test(text)) throw new Error(`The key step names no region: ${text}`);
    });

    await check('setting the key from the palette ticks its step off', async () => {
      await runFromPalette(page, 'Media Translate: Set API Key');
      const box = page.locator('.quick-input-widget input[type="password"]');
      await box.waitFor({ timeout: 20_000 });
      const key = 'sk-walkthrough-0123456789';
      // The box can take focus a moment after it shows; the key is typed again until it holds all of it.
      for (let attempt = 0; attempt < 5 && (await box.inputValue()) !== key; attempt++) {
        await box.fill(key);
        await page.waitForTimeout(200);
      }
      await box.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
      await step(steps[0]).locator('.codicon.complete').waitFor({ timeout: 20_000 });
    });

    await check('Check ffmpeg finds ffmpeg and ticks its step off', async () => {
      await step(steps[1]).click();
      await walkthrough.locator('a, .button-link', { hasText: 'Check ffmpeg' }).last().click();
      await step(steps[1]).locator('.codicon.complete').waitFor({ timeout: 20_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(artifacts, 'walkthrough-steps-done.png') });
    });
  } catch (e) {
    failed++;
    console.log(`  ✘ the workbench did not load: ${e instanceof Error ? e.message : e}`);
    console.error(`--- code-server log (last lines) ---\n${session.logTail(30)}`);
  } finally {
    await browser?.close().catch(() => {});
    await session.stop({ keep: opts.keep });
    if (opts.keep) console.log(`Kept ${session.root}`);
  }
  console.log(`Screenshots in ${path.relative(process.cwd(), artifacts) || '.'}/`);
  console.log(summaryLine({ passed, failed }));
  return failed ? 1 : 0;
}

/** Runs a command from the palette, waiting for the extension's contributions to be known. */
async function runFromPalette(page, command) {
  const deadline = Date.now() + 30_000;
  const input = page.locator('.quick-input-widget input.input').first();
  const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: command }).first();
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${command}`);
    try {
      await row.waitFor({ timeout: 2_000 });
      break;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`"${command}" is not in the command palette after 30 s.`, { cause: e });
      await page.waitForTimeout(1000);
    }
  }
  await page.keyboard.press('Enter');
}

process.exitCode = await main();
