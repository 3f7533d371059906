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
import { makeTinyMp4 } from '../host/codeServer.mjs';
import { Checks } from './checks.mjs';
import { Screenshots, artifactsDir, closeContextMenu, explorerRow, openContextMenu, runWorkbenchChecks, workbenchArgs } from './workbench.mjs';

const opts = workbenchArgs();
const menuLabel = 'Translate Media';
const cases = [
  { file: 'talk.mp4', offered: true, shot: 'context-menu-mp4' },
  { file: 'main.ts', offered: false, shot: 'context-menu-ts' },
];

const shots = new Screenshots(artifactsDir);
shots.clear(cases.flatMap((c) => [`${c.shot}.png`, `failed-${c.shot}.png`]));
const checks = new Checks({ shots });

process.exitCode = await runWorkbenchChecks({ prefix: 'mt-vscode-ui-', keep: opts.keep, checks }, async ({ session, open }) => {
  makeTinyMp4(path.join(session.workspace, 'talk.mp4'));
  fs.writeFileSync(path.join(session.workspace, 'main.ts'), 'export const answer = 42;\n');
  const page = await open({ extensionDevelopmentPath: opts.extension });

  let extensionSeen = false;
  for (const c of cases) {
    if (!c.offered && !extensionSeen) {
      // Without the entry on the media file, its absence here proves nothing.
      checks.skip(`explorer context menu on ${c.file}`, "the extension's menus never showed");
      continue;
    }
    const name = `explorer context menu on ${c.file} ${c.offered ? 'offers' : 'does not offer'} ${menuLabel}`;
    await checks.check(name, async () => {
      const offered = await contextMenuOffers(page, c.file, c.shot, c.offered);
      if (offered !== c.offered) throw new Error(`"${menuLabel}" ${offered ? 'was' : 'was not'} in the menu.`);
      if (offered) extensionSeen = true;
    }, { failedShot: `failed-${c.shot}` });
  }
});

/**
 * Right-clicks the file in the explorer, screenshots the open menu, and says whether it lists the label.
 * With `waitForLabel` the menu is reopened until the label shows or the wait ends; the negative check runs
 * after a positive one, when the contributions are known.
 */
async function contextMenuOffers(page, file, shot, waitForLabel) {
  const row = explorerRow(page, file);
  await row.waitFor({ timeout: 30_000 });
  const labels = await openContextMenu(page, row, menuLabel, waitForLabel ? 30_000 : 0);
  if (labels.length === 0) throw new Error('The context menu was empty.');
  await shots.take(page, shot);
  await closeContextMenu(page);
  return labels.includes(menuLabel);
}
