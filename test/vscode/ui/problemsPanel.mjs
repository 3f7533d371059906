#!/usr/bin/env node
// UI check in code-server, driven by playwright-core with Debian's Chromium: a faulty .srt that the
// extension did not write is opened from the explorer, with no command run first; the editor colours it
// as SubRip, and the Problems panel lists its problems with their lines. Then the quick-fix menu on the
// long line offers the rebalance. Screenshots: test-artifacts/problems-panel.png and
// test-artifacts/problems-quickfix.png.
//
//   node test/vscode/ui/problemsPanel.mjs [--extension DIR] [--keep]
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
const fileName = 'interview.en.srt';
const faulty = [
  '1',
  '00:00:01,000 --> 00:00:01,400',
  'Hi.',
  '',
  '2',
  '00:00:01,500 --> 00:00:03,000',
  'This single line is much longer than the forty-two characters allowed.',
  '',
  '3',
  '00:00:02,900 --> 00:00:05,000',
  '<i>Overlapping</i> the cue before.',
  '',
  '4',
  '00:00:0x,000 --> 00:00:10,000',
  'A bad timestamp.',
  '',
].join('\n');
// What the Problems panel must show: a fragment of each message.
const expected = [
  'under the minimum of 0.83 s',
  'over the limit of 20',
  'over the maximum of 42',
  'so the two overlap',
  '"00:00:0x,000" is not a timestamp',
];

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  for (const f of ['problems-panel.png', 'problems-quickfix.png', 'failed-problems-panel.png']) fs.rmSync(path.join(artifacts, f), { force: true });
  const session = new CodeServerSession({ prefix: 'mt-vscode-problems-' });
  stopOnExit(session);
  fs.writeFileSync(path.join(session.workspace, fileName), faulty);

  let passed = 0;
  let failed = 0;
  const check = async (name, body) => {
    try {
      await body();
      passed++;
      console.log(`  ✔ ${name}`);
    } catch (e) {
      failed++;
      console.log(`  ✘ ${name}\n      ${e instanceof Error ? e.message : e}`);
      await page?.screenshot({ path: path.join(artifacts, 'failed-problems-panel.png') }).catch(() => {});
    }
  };
  let browser;
  let page;
  try {
    await session.start();
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags, env: session.env() });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(session.workbenchUrl({ extensionDevelopmentPath: path.resolve(opts.extension) }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

    await check(`opening ${fileName} from the explorer shows it as SubRip`, async () => {
      const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${fileName}"]`).first();
      await row.waitFor({ timeout: 30_000 });
      await row.dblclick();
      await page.locator('.editor-instance .view-lines').first().waitFor({ timeout: 30_000 });
      // The status bar names the language mode once the contribution is known.
      await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: 'SubRip' }).waitFor({ timeout: 30_000 });
    });

    await check('the Problems panel lists each problem of the file', async () => {
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      const deadline = Date.now() + 30_000;
      let texts = [];
      while (Date.now() < deadline) {
        texts = await rows.allInnerTexts();
        if (expected.every((e) => texts.some((t) => t.includes(e)))) break;
        await page.waitForTimeout(250);
      }
      const missing = expected.filter((e) => !texts.some((t) => t.includes(e)));
      // Let the squiggles and the panel's counts settle before the picture.
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(artifacts, 'problems-panel.png') });
      if (missing.length) throw new Error(`Missing from the Problems panel: ${missing.join('; ')}. Rows: ${texts.join(' | ')}`);
    });

    await check('the quick-fix menu on the long line offers the rebalance and the fix all', async () => {
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'over the maximum of 42' }).first();
      await row.dblclick();
      await page.waitForTimeout(300);
      await page.keyboard.press('Control+.');
      const menu = page.locator('.action-widget');
      await menu.waitFor({ timeout: 15_000 });
      const labels = await menu.innerText();
      await page.screenshot({ path: path.join(artifacts, 'problems-quickfix.png') });
      for (const title of ['Rebalance the line break', 'Fix all safe problems in file']) {
        if (!labels.includes(title)) throw new Error(`"${title}" is not offered: ${labels.replace(/\n/g, ' | ')}`);
      }
      await page.keyboard.press('Escape');
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

process.exitCode = await main();
