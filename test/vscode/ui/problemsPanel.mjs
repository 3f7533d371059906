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
import { Checks } from './checks.mjs';
import { Screenshots, artifactsDir, openFromExplorer, runWorkbenchChecks, workbenchArgs } from './workbench.mjs';

const opts = workbenchArgs();
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

const shots = new Screenshots(artifactsDir);
shots.clear(['problems-panel.png', 'problems-quickfix.png', 'failed-problems-panel.png']);
const checks = new Checks({ shots, failedShot: () => 'failed-problems-panel' });

process.exitCode = await runWorkbenchChecks({ prefix: 'mt-vscode-problems-', keep: opts.keep, checks }, async ({ session, open }) => {
  fs.writeFileSync(path.join(session.workspace, fileName), faulty);
  const page = await open({ extensionDevelopmentPath: opts.extension });

  await checks.check(`opening ${fileName} from the explorer shows it as SubRip`, async () => {
    await openFromExplorer(page, fileName);
    // The status bar names the language mode once the contribution is known.
    await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: 'SubRip' }).waitFor({ timeout: 30_000 });
  });

  await checks.check('the Problems panel lists each problem of the file', async () => {
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
    await shots.take(page, 'problems-panel');
    if (missing.length) throw new Error(`Missing from the Problems panel: ${missing.join('; ')}. Rows: ${texts.join(' | ')}`);
  });

  await checks.check('the quick-fix menu on the long line offers the rebalance and the fix all', async () => {
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'over the maximum of 42' }).first();
    await row.dblclick();
    await page.waitForTimeout(300);
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    await menu.waitFor({ timeout: 15_000 });
    const labels = await menu.innerText();
    await shots.take(page, 'problems-quickfix');
    for (const title of ['Rebalance the line break', 'Fix all safe problems in file']) {
      if (!labels.includes(title)) throw new Error(`"${title}" is not offered: ${labels.replace(/\n/g, ' | ')}`);
    }
    await page.keyboard.press('Escape');
  });
});
