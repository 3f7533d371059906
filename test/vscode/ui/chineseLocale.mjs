#!/usr/bin/env node
// UI check in code-server with the display language set to Simplified Chinese ("locale": "zh-cn" in the
// user data's argv.json): the command palette lists our commands in Chinese, Translate Media's picks
// speak Chinese (the media pick, then the target language), Clear API Key with no key stored says so in
// a Chinese notification, and the Settings editor describes our settings in Chinese. Screenshots go to test-artifacts/zh-cn-*.png.
// code-server ships no Chinese language pack, and without one the locale in argv.json is ignored: the
// workbench, and with it vscode.env.language and our nls files and bundle, stay English. So a stand-in
// language pack (test/vscode/fixtures/zh-cn-language-pack, no translations of its own) is packaged and
// installed first: the display language becomes zh-cn, VS Code's own words stay English, and these
// checks assert on the extension's strings only.
//
//   node test/vscode/ui/chineseLocale.mjs [--extension DIR] [--keep]
//
// Prints `N passed, N failed[, N skipped]` alone on the last line; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CodeServerSession, chromiumFlags, chromiumPath, codeServerEntry, makeTinyMp4, repoRoot, stopOnExit, summaryLine } from '../host/codeServer.mjs';

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string', default: repoRoot },
    keep: { type: 'boolean', default: false },
  },
});

const artifacts = path.join(repoRoot, 'test-artifacts');
const zh = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.zh-cn.json'), 'utf8'));
/** A Chinese string as the extension shows it, with `{0}`… filled in. */
const t = (english, ...args) => zh[english].replace(/\{(\d+)\}/g, (_, i) => String(args[i]));

let passed = 0;
let failed = 0;

async function check(name, fn, page, shot) {
  try {
    const said = await fn();
    passed++;
    console.log(`  ✔ ${name}${said ? ` (${said})` : ''}`);
  } catch (e) {
    failed++;
    console.log(`  ✘ ${name}\n      ${e instanceof Error ? e.message : e}`);
    await page?.screenshot({ path: path.join(artifacts, `failed-${shot}.png`) }).catch(() => {});
  }
}

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  for (const f of fs.readdirSync(artifacts)) if (/^(failed-)?zh-cn-.*\.png$/.test(f)) fs.rmSync(path.join(artifacts, f));
  const session = new CodeServerSession({ prefix: 'mt-vscode-zh-' });
  stopOnExit(session);
  // VS Code reads the display language from argv.json in the user settings folder.
  fs.writeFileSync(path.join(session.userData, 'User/argv.json'), JSON.stringify({ locale: 'zh-cn' }, null, 2));
  makeTinyMp4(path.join(session.workspace, 'talk.mp4'));

  let browser;
  try {
    installLanguagePack(session);
    await session.start();
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags, env: session.env() });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(session.workbenchUrl({ extensionDevelopmentPath: path.resolve(opts.extension) }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const input = page.locator('.quick-input-widget input.input').first();
    const title = page.locator('.quick-input-widget .quick-input-title');

    const translateTitle = `${nls['command.category']}: ${nls['command.translateMedia.title']}`;
    await check(`the command palette lists "${translateTitle}"`, async () => {
      await runFromPalette(page, translateTitle, 'zh-cn-palette');
    }, page, 'zh-cn-palette');

    await check('the media pick speaks Chinese: its title, placeholder and Browse item', async () => {
      await title.filter({ hasText: t('Translate Media') }).waitFor({ timeout: 20_000 });
      const placeholder = await input.getAttribute('placeholder');
      if (placeholder !== t('Choose a media file to translate (newest first)')) throw new Error(`placeholder: ${placeholder}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: t('Browse…') }).first().waitFor({ timeout: 5_000 });
      await page.screenshot({ path: path.join(artifacts, 'zh-cn-pick-media.png') });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'talk.mp4' }).first().click();
      return placeholder;
    }, page, 'zh-cn-pick-media');

    await check('the target language pick speaks Chinese: step title, question and language names', async () => {
      await title.filter({ hasText: t('Translate Media ({0}/{1})', 1, 3) }).waitFor({ timeout: 20_000 });
      const placeholder = await input.getAttribute('placeholder');
      if (placeholder !== t('Translate into which language?')) throw new Error(`placeholder: ${placeholder}`);
      const labels = (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim());
      for (const name of [t('English'), t('Japanese')]) if (!labels.includes(name)) throw new Error(`"${name}" is not among ${labels.join(', ')}`);
      await page.screenshot({ path: path.join(artifacts, 'zh-cn-pick-target.png') });
      await page.keyboard.press('Escape');
      return `${placeholder} ${labels.slice(0, 4).join('、')}`;
    }, page, 'zh-cn-pick-target');

    const clearTitle = `${nls['command.category']}: ${nls['command.clearApiKey.title']}`;
    const notice = t('No API key is stored for {0}.', t('Singapore'));
    await check(`"${clearTitle}" with no key stored says "${notice}" in a notification`, async () => {
      await runFromPalette(page, clearTitle, 'zh-cn-palette-clear');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: notice }).first();
      await toast.waitFor({ timeout: 20_000 });
      // The toast slides in from below; the screenshot waits for it to settle so that it is readable.
      await page.waitForTimeout(1000);
      await page.screenshot({ path: path.join(artifacts, 'zh-cn-notification.png') });
    }, page, 'zh-cn-notification');

    const region = nls['config.region.description'].split('**')[0].trim();
    await check(`the Settings editor describes mediaTranslate.region in Chinese ("${region}")`, async () => {
      await page.keyboard.press('Escape');
      await runFromPalette(page, 'Preferences: Open Settings (UI)', 'zh-cn-palette-settings');
      const search = page.locator('.settings-editor .settings-header .suggest-input-container .monaco-editor textarea').first();
      await search.waitFor({ timeout: 20_000 });
      await search.fill('mediaTranslate.region');
      const description = page.locator('.settings-editor .setting-item-description', { hasText: region }).first();
      await description.waitFor({ timeout: 20_000 });
      await page.screenshot({ path: path.join(artifacts, 'zh-cn-settings.png') });
    }, page, 'zh-cn-settings');
  } catch (e) {
    failed++;
    console.log(`  ✘ the workbench did not load: ${e instanceof Error ? e.message : e}`);
    console.error(`--- code-server log (last lines) ---\n${session.logTail(30)}`);
  } finally {
    await browser?.close().catch(() => {});
    await session.stop({ keep: opts.keep });
    if (opts.keep) console.log(`Kept ${session.root}`);
  }
  console.log(`Screenshots in ${path.relative(process.cwd(), artifacts) || '.'}/zh-cn-*.png`);
  console.log(summaryLine({ passed, failed }));
  return failed ? 1 : 0;
}

/** Packages the stand-in zh-cn language pack and installs it into the session's extensions folder. */
function installLanguagePack(session) {
  const vsix = path.join(session.root, 'zh-cn-language-pack.vsix');
  const fixture = path.join(repoRoot, 'test/vscode/fixtures/zh-cn-language-pack');
  const vsce = path.join(repoRoot, 'node_modules/@vscode/vsce/vsce');
  const steps = [
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    [codeServerEntry, '--user-data-dir', session.userData, '--extensions-dir', session.extensionsDir, '--install-extension', vsix],
  ];
  for (const args of steps) {
    const r = spawnSync(process.execPath, args, { cwd: fixture, encoding: 'utf8', env: session.env(), timeout: 120_000 });
    if (r.status !== 0) throw new Error(`The stand-in language pack could not be installed (${path.basename(args[0])} exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  // The server reads its language packs from languagepacks.json, which desktop VS Code writes on install
  // and code-server's CLI does not; so the entry is written here, as desktop VS Code would.
  const installed = fs.readdirSync(session.extensionsDir).find((d) => d.startsWith('media-translate-tests.stand-in-language-pack-zh-cn-'));
  if (!installed) throw new Error(`The stand-in language pack is not in ${session.extensionsDir}.`);
  const translations = path.join(session.extensionsDir, installed, 'translations/main.i18n.json');
  const packs = { 'zh-cn': { hash: 'stand-in', label: '中文(简体)', extensions: [{ extensionIdentifier: { id: 'media-translate-tests.stand-in-language-pack-zh-cn' }, version: '0.0.1' }], translations: { vscode: translations } } };
  fs.writeFileSync(path.join(session.userData, 'languagepacks.json'), JSON.stringify(packs, null, 2));
}

/**
 * F1, type the command, Enter on the match. The remote extension host announces the extension's
 * commands a few seconds after the workbench shows, and an open palette does not pick them up later,
 * so the palette is reopened until the command is listed (or 30 s pass).
 */
async function runFromPalette(page, command, shot) {
  const deadline = Date.now() + 30_000;
  const input = page.locator('.quick-input-widget input.input').first();
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first();
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${command}`);
    try {
      await row.waitFor({ timeout: 2_000 });
      break;
    } catch (e) {
      await input.fill(`>${command.split(': ')[0]}`);
      await page.waitForTimeout(500);
      const listed = (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`"${command}" is not in the command palette after 30 s; it lists: ${listed.join(' | ')}`, { cause: e });
      await page.waitForTimeout(1000);
    }
  }
  await page.screenshot({ path: path.join(artifacts, `${shot}.png`) });
  await page.keyboard.press('Enter');
}

process.exitCode = await main();
