#!/usr/bin/env node
// UI check in code-server, driven by playwright-core with Debian's Chromium: right-clicking talk.mp4 in
// the explorer offers "Translate Media"; right-clicking main.ts does not. Screenshots of both menus go
// to test-artifacts/. The extension is loaded through the extensionDevelopmentPath payload: menus
// contributed by package.json show without activating it.
//
//   node test/vscode/ui/contextMenu.mjs [--extension DIR] [--keep]
//
// Prints `N passed, N failed[, N skipped]` alone on the last line; exits non-zero on any failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
  CodeServerSession,
  chromiumFlags,
  chromiumPath,
  makeTinyMp4,
  repoRoot,
  stopOnExit,
  summaryLine,
} from '../host/codeServer.mjs';

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string', default: repoRoot },
    keep: { type: 'boolean', default: false },
  },
});

const menuLabel = 'Translate Media';
const artifacts = path.join(repoRoot, 'test-artifacts');
const checks = [
  { file: 'talk.mp4', offered: true, shot: 'context-menu-mp4.png' },
  { file: 'main.ts', offered: false, shot: 'context-menu-ts.png' },
];

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  // Screenshots from an earlier run would mislead.
  for (const c of checks) for (const f of [c.shot, `failed-${c.shot}`]) fs.rmSync(path.join(artifacts, f), { force: true });
  const session = new CodeServerSession({ prefix: 'mt-vscode-ui-' });
  stopOnExit(session);
  makeTinyMp4(path.join(session.workspace, 'talk.mp4'));
  fs.writeFileSync(path.join(session.workspace, 'main.ts'), 'export const answer = 42;\n');

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let browser;
  try {
    await session.start();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumFlags,
      env: session.env(),
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(session.workbenchUrl({ extensionDevelopmentPath: path.resolve(opts.extension) }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

    let extensionSeen = false;
    for (const check of checks) {
      if (!check.offered && !extensionSeen) {
        // Without the entry on the media file, its absence here proves nothing.
        skipped++;
        console.log(`  - explorer context menu on ${check.file}: skipped, the extension's menus never showed`);
        continue;
      }
      const name = `explorer context menu on ${check.file} ${check.offered ? 'offers' : 'does not offer'} ${menuLabel}`;
      try {
        const offered = await contextMenuOffers(page, check.file, check.shot, check.offered);
        if (offered !== check.offered) throw new Error(`"${menuLabel}" ${offered ? 'was' : 'was not'} in the menu.`);
        if (offered) extensionSeen = true;
        passed++;
        console.log(`  ✔ ${name}`);
      } catch (e) {
        failed++;
        console.log(`  ✘ ${name}\n      ${e instanceof Error ? e.message : e}`);
        await page.screenshot({ path: path.join(artifacts, `failed-${check.shot}`) }).catch(() => {});
      }
    }
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
  console.log(summaryLine({ passed, failed, skipped }));
  return failed ? 1 : 0;
}

/**
 * Right-clicks the file in the explorer, screenshots the open menu, and says whether it lists the label.
 * The workbench learns the extension's menus only once the remote extension host has scanned it, a few
 * seconds after the explorer shows, so with `waitForLabel` the menu is reopened until the label shows
 * (or 30 s pass). The negative check runs after a positive one, when the contributions are known.
 */
async function contextMenuOffers(page, file, shot, waitForLabel) {
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${file}"]`).first();
  await row.waitFor({ timeout: 30_000 });
  const deadline = Date.now() + (waitForLabel ? 30_000 : 0);
  for (;;) {
    await row.click({ button: 'right' });
    // Locators pierce the menu's shadow root.
    const menu = page.locator('.context-view .monaco-menu').first();
    await menu.waitFor({ timeout: 10_000 });
    const labels = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim());
    if (labels.length === 0) throw new Error('The context menu was empty.');
    const offered = labels.includes(menuLabel);
    if (offered || Date.now() >= deadline) {
      await page.screenshot({ path: path.join(artifacts, shot) });
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
      return offered;
    }
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    await page.waitForTimeout(1000);
  }
}

process.exitCode = await main();
