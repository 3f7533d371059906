#!/usr/bin/env node
// UI check in code-server with the display language set to Simplified Chinese ("locale": "zh-cn" in the
// user data's argv.json): the command palette lists our commands in Chinese, Translate Media's picks
// speak Chinese (the media pick, then the target language), Clear API Key with no key stored says so in
// a Chinese notification, the Settings editor describes our settings in Chinese, and the Preview Translation
// player labels its controls and notes in Chinese. Screenshots go to test-artifacts/zh-cn-*.png.
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
import { makeTinyMp4 } from '../host/codeServer.mjs';
import { Checks } from './checks.mjs';
import {
  Screenshots,
  artifactsDir,
  codeServerCli,
  quickInput,
  repoRoot,
  runFromPalette,
  runWorkbenchChecks,
  waitForNotification,
  workbenchArgs,
} from './workbench.mjs';

const opts = workbenchArgs();
const zh = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.zh-cn.json'), 'utf8'));
/** A Chinese string as the extension shows it, with `{0}`… filled in. */
const t = (english, ...args) => zh[english].replace(/\{(\d+)\}/g, (_, i) => String(args[i]));

const shots = new Screenshots(artifactsDir);
shots.clear(/^(failed-)?zh-cn-.*\.png$/);
const checks = new Checks({ shots });
/** Runs one check; a failure is screenshotted as failed-SHOT.png. */
const check = (name, fn, shot) => checks.check(name, fn, { failedShot: `failed-${shot}` });

process.exitCode = await runWorkbenchChecks(
  { prefix: 'mt-vscode-zh-', keep: opts.keep, checks, displayLanguage: 'zh-cn', shotsPattern: 'zh-cn-*.png' },
  async ({ session, open }) => {
    makeTinyMp4(path.join(session.workspace, 'talk.mp4'));
    fs.writeFileSync(path.join(session.workspace, 'talk.en.srt'), '1\n00:00:00,200 --> 00:00:01,500\nHello there.\n');
    installLanguagePack(session);
    const page = await open({ extensionDevelopmentPath: opts.extension });
    const input = quickInput(page);
    const title = page.locator('.quick-input-widget .quick-input-title');

    const translateTitle = `${nls['command.category']}: ${nls['command.translateMedia.title']}`;
    await check(`the command palette lists "${translateTitle}"`, async () => {
      await runFromPalette(page, translateTitle, { beforeEnter: () => shots.take(page, 'zh-cn-palette') });
    }, 'zh-cn-palette');

    await check('the media pick speaks Chinese: its title, placeholder and Browse item', async () => {
      await title.filter({ hasText: t('Translate Media') }).waitFor({ timeout: 20_000 });
      const placeholder = await input.getAttribute('placeholder');
      if (placeholder !== t('Choose a media file to translate (newest first)')) throw new Error(`placeholder: ${placeholder}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: t('Browse…') }).first().waitFor({ timeout: 5_000 });
      await shots.take(page, 'zh-cn-pick-media');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'talk.mp4' }).first().click();
      return placeholder;
    }, 'zh-cn-pick-media');

    await check('the target language pick speaks Chinese: step title, question and language names', async () => {
      await title.filter({ hasText: t('Translate Media ({0}/{1})', 1, 3) }).waitFor({ timeout: 20_000 });
      const placeholder = await input.getAttribute('placeholder');
      if (placeholder !== t('Translate into which language?')) throw new Error(`placeholder: ${placeholder}`);
      const labels = (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim());
      for (const name of [t('English'), t('Japanese')]) if (!labels.includes(name)) throw new Error(`"${name}" is not among ${labels.join(', ')}`);
      await shots.take(page, 'zh-cn-pick-target');
      await page.keyboard.press('Escape');
      return `${placeholder} ${labels.slice(0, 4).join('、')}`;
    }, 'zh-cn-pick-target');

    const clearTitle = `${nls['command.category']}: ${nls['command.clearApiKey.title']}`;
    const notice = t('No API key is stored for {0}.', t('Singapore'));
    await check(`"${clearTitle}" with no key stored says "${notice}" in a notification`, async () => {
      await runFromPalette(page, clearTitle, { beforeEnter: () => shots.take(page, 'zh-cn-palette-clear') });
      await waitForNotification(page, notice, 20_000);
      // The toast slides in from below; the screenshot waits for it to settle so that it is readable.
      await page.waitForTimeout(1000);
      await shots.take(page, 'zh-cn-notification');
    }, 'zh-cn-notification');

    const region = nls['config.region.description'].split('**')[0].trim();
    await check(`the Settings editor describes mediaTranslate.region in Chinese ("${region}")`, async () => {
      await page.keyboard.press('Escape');
      await runFromPalette(page, 'Preferences: Open Settings (UI)', { beforeEnter: () => shots.take(page, 'zh-cn-palette-settings') });
      const search = page.locator('.settings-editor .settings-header .suggest-input-container .monaco-editor textarea').first();
      await search.waitFor({ timeout: 20_000 });
      await search.fill('mediaTranslate.region');
      const description = page.locator('.settings-editor .setting-item-description', { hasText: region }).first();
      await description.waitFor({ timeout: 20_000 });
      await shots.take(page, 'zh-cn-settings');
    }, 'zh-cn-settings');

    const previewTitle = `${nls['command.category']}: ${nls['command.preview.title']}`;
    await check(`"${previewTitle}" opens a player whose controls and notes speak Chinese`, async () => {
      await page.keyboard.press('Escape');
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'talk.en.srt' }).first().dblclick();
      await page.locator('.tab.active', { hasText: 'talk.en.srt' }).first().waitFor({ timeout: 20_000 });
      await runFromPalette(page, previewTitle);
      await page.locator('.tab', { hasText: t('Preview {0}', 'talk.en.srt') }).first().waitFor({ timeout: 30_000 });
      const wanted = { play: t('Play'), next: t('Next'), speech: t('Translated speech'), note: t('There is no translated speech for these subtitles: translate with speech on (Media Translate: Output Audio) to hear it here.') };
      const deadline = Date.now() + 30_000;
      for (;;) {
        for (const frame of page.frames()) {
          const seen = await frame.evaluate(() => document.getElementById('cues') && {
            play: document.getElementById('play').textContent,
            next: document.getElementById('next').textContent,
            speech: document.querySelector('input[value="translated"]').parentElement.textContent.trim(),
            notes: [...document.querySelectorAll('#notes p')].map((p) => p.textContent),
          }).catch(() => null);
          if (!seen || seen.play !== wanted.play || !seen.notes.includes(wanted.note)) continue;
          if (seen.next !== wanted.next || seen.speech !== wanted.speech) throw new Error(`The player shows ${JSON.stringify(seen)}`);
          await page.waitForTimeout(500);
          await shots.take(page, 'zh-cn-preview');
          return `${seen.play} · ${seen.next} · ${seen.speech} · ${seen.notes.length} notes`;
        }
        if (Date.now() > deadline) throw new Error(`No player showed "${wanted.play}" and the note "${wanted.note}".`);
        await page.waitForTimeout(250);
      }
    }, 'zh-cn-preview');
  },
);

/** Packages the stand-in zh-cn language pack and installs it into the session's extensions folder. */
function installLanguagePack(session) {
  const vsix = path.join(session.root, 'zh-cn-language-pack.vsix');
  const fixture = path.join(repoRoot, 'test/vscode/fixtures/zh-cn-language-pack');
  const vsce = path.join(repoRoot, 'node_modules/@vscode/vsce/vsce');
  const failure = (step, r) => new Error(`The stand-in language pack could not be installed (${step} exit ${r.status}):\n${r.stdout}${r.stderr}`);
  const packaged = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: fixture, encoding: 'utf8', env: session.env(), timeout: 120_000 });
  if (packaged.status !== 0) throw failure('vsce', packaged);
  const installed = codeServerCli(session, ['--install-extension', vsix], { cwd: fixture });
  if (installed.status !== 0) throw failure('entry.js', installed);
  // The server reads its language packs from languagepacks.json, which desktop VS Code writes on install
  // and code-server's CLI does not; so the entry is written here, as desktop VS Code would.
  const folder = fs.readdirSync(session.extensionsDir).find((d) => d.startsWith('media-translate-tests.stand-in-language-pack-zh-cn-'));
  if (!folder) throw new Error(`The stand-in language pack is not in ${session.extensionsDir}.`);
  const translations = path.join(session.extensionsDir, folder, 'translations/main.i18n.json');
  const packs = { 'zh-cn': { hash: 'stand-in', label: '中文(简体)', extensions: [{ extensionIdentifier: { id: 'media-translate-tests.stand-in-language-pack-zh-cn' }, version: '0.0.1' }], translations: { vscode: translations } } };
  fs.writeFileSync(path.join(session.userData, 'languagepacks.json'), JSON.stringify(packs, null, 2));
}
