#!/usr/bin/env node
// End-to-end smoke test of the PACKAGED extension, the way a new user meets it: media-translate.vsix is
// installed into a fresh extensions folder with `code-server --install-extension` (no
// extensionDevelopmentPath: the installed copy is what runs), code-server is opened in headless Chromium
// (1280x800) and driven with playwright-core against a local fake of the API:
//
//   1. F1 → "Media Translate: Set API Key" → the password box (a key with a space is refused) → saved;
//      the Extensions view lists Media Translate under Installed;
//   2. right-click interview.mp4 in the explorer → "Translate Media";
//   3. the three Quick Picks: German, Auto-detect, Also translated speech: Cherry;
//   4. the progress notification, the live "(translating)" subtitles tab and the "Media Translate"
//      output channel while the fake streams;
//   5. the end: interview.de.srt/.txt/.wav in the workspace, the .srt open in a tab, the live tab gone,
//      the summary in the output channel, the fake saw authorised requests for German with voice Cherry.
//
// It builds nothing: run `npm run package` (media-translate.vsix) and `npm run compile-tests` (the fake
// API and media generator in out/test/fakes/) first.
//
//   node test/vscode/ui/vsixSmoke.mjs [--vsix FILE] [--shots DIR] [--ttft MS] [--work MS]
//                                     [--set mediaTranslate.KEY=VALUE ...] [--keep]
//
// --vsix       the package to install (default ./media-translate.vsix)
// --shots      where the step screenshots go (default /tmp/vsix-shots; its NN-*.png from a previous
//              run are removed first)
// --ttft/--work  the fake's time to first token and server time per source second (default 800 / 60)
// --set        an extra user setting (VALUE is JSON, or a plain string), e.g.
//              `--set mediaTranslate.concurrency=1 --work 400` paces a run slowly enough to watch
// --keep       keep the temporary folder (workspace, user data, logs) and print its path
//
// After the first run it translates again with the same choices, to check the recently used language
// comes first, the "already exist" dialog (Overwrite) and the cache of finished pieces.
//
// Prints each check as it runs and `N passed, N failed` alone on the last line; exits 1 on any failure.
// code-server and Chromium run in their own process groups and are ended, with the temporary folder,
// on exit, failure or Ctrl-C.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Checks, StopRun, seconds } from './checks.mjs';
import {
  Screenshots,
  closeContextMenu,
  closeNotifications,
  codeServerCli,
  explorerRow,
  loadCompiled,
  openContextMenu,
  quickInput,
  reportMissingBuild,
  repoRoot,
  runFromPalette,
  runWorkbenchChecks,
  updateUserSettings,
  waitForNotification,
} from './workbench.mjs';

const { values: opts } = parseArgs({
  options: {
    vsix: { type: 'string', default: path.join(repoRoot, 'media-translate.vsix') },
    shots: { type: 'string', default: '/tmp/vsix-shots' },
    ttft: { type: 'string', default: '800' },
    work: { type: 'string', default: '60' },
    set: { type: 'string', multiple: true, default: [] },
    keep: { type: 'boolean', default: false },
  },
});

const apiKey = 'sk-smoke-0123456789';
const target = { code: 'de', name: 'German', voice: 'Cherry' };
const stem = 'interview';
const expectedOutputs = ['srt', 'txt', 'wav'].map((f) => `${stem}.${target.code}.${f}`);
const extensionId = 'media-translate.media-translate';

const t0 = Date.now();

function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

const vsix = path.resolve(opts.vsix);
process.exitCode = reportMissingBuild([
  [vsix, 'npm run package'],
  [path.join(repoRoot, 'out/test/fakes/fakeApi.js'), 'npm run compile-tests'],
  [path.join(repoRoot, 'out/test/fakes/media.js'), 'npm run compile-tests'],
])
  ? 1
  : await smokeChecks();

async function smokeChecks() {
  const shots = new Screenshots(opts.shots, { numbered: true });
  shots.clear(/^\d\d-.*\.png$/);
  const { makeSpeech } = loadCompiled('out/test/fakes/media.js');
  const checks = new Checks({ shots, failedShot: (name) => `failed-${slug(name)}`, timed: true, fatal: true });
  const timings = {};
  const report = () => {
    const t = Object.entries(timings).map(([k, v]) => `${k} ${seconds(v)}`).join(', ');
    console.log(`Timings: ${t}; whole check ${seconds(Date.now() - t0)}`);
  };
  return runWorkbenchChecks({ prefix: 'mt-vsix-smoke-', keep: opts.keep, checks, crashLabel: 'unexpected', report }, async ({ session, open, startFakeApi }) => {
    // --- Install the .vsix into the session's (fresh, empty) extensions folder.
    await checks.check(`code-server --install-extension ${path.basename(vsix)} into a fresh extensions folder`, () => {
      const started = Date.now();
      const before = fs.readdirSync(session.extensionsDir);
      if (before.length) throw new Error(`The extensions folder is not empty: ${before.join(', ')}`);
      const r = codeServerCli(session, ['--install-extension', vsix]);
      if (r.status !== 0) throw new Error(`exit ${r.status}:\n${r.stdout}${r.stderr}`);
      const listed = codeServerCli(session, ['--list-extensions', '--show-versions']).stdout.trim();
      if (!listed.split('\n').some((l) => l.startsWith(`${extensionId}@`))) throw new Error(`--list-extensions shows: ${listed || '(nothing)'}`);
      const dirs = fs.readdirSync(session.extensionsDir).filter((d) => d.startsWith(extensionId));
      if (dirs.length !== 1) throw new Error(`Expected one ${extensionId}-* folder, found: ${dirs.join(', ') || 'none'}`);
      timings.install = Date.now() - started;
      return `${listed} in ${dirs[0]}/`;
    });

    // --- The fake API, the workspace and the user settings.
    const api = await startFakeApi({ apiKey, ttftMs: Number(opts.ttft), workPerSourceSecondMs: Number(opts.work) });
    await makeSpeech({
      dir: session.workspace,
      name: stem,
      format: 'mp4',
      totalSeconds: 25,
      segments: [
        { text: 'Welcome to our interview about open source software.', at: 0.5 },
        { text: 'Today we talk about how small teams ship reliable tools.', at: 6.5 },
        { text: 'Testing early saves a lot of time later on.', at: 13 },
        { text: 'Thank you for listening, and see you next week.', at: 19.5 },
      ],
    });
    fs.writeFileSync(path.join(session.workspace, 'notes.ts'), 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n');
    const settings = {
      'workbench.startupEditor': 'none',
      'workbench.colorTheme': 'Default Dark Modern',
      'window.commandCenter': false,
    };
    for (const kv of opts.set) {
      const eq = kv.indexOf('=');
      if (eq < 1) throw new Error(`--set wants KEY=VALUE, got: ${kv}`);
      const raw = kv.slice(eq + 1);
      let value;
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
      settings[kv.slice(0, eq)] = value;
    }
    updateUserSettings(session, settings);
    console.log(`  · fake API at ${api.baseUrl} (ttft ${opts.ttft} ms, ${opts.work} ms per source second); workspace ${session.workspace}`);

    // --- code-server without any payload, so only the installed extension can run.
    const tStart = Date.now();
    const page = await open({ waitForWorkbench: false });
    const url = session.workbenchUrl();
    if (/payload|extensionDevelopmentPath/.test(url)) throw new Error(`The workbench URL carries a payload: ${url}`);
    const mp4Row = explorerRow(page, `${stem}.mp4`);
    await checks.check('the workbench loads and the explorer lists interview.mp4 and notes.ts', async () => {
      await mp4Row.waitFor({ timeout: 60_000 });
      await explorerRow(page, 'notes.ts').waitFor({ timeout: 10_000 });
      timings.workbench = Date.now() - tStart;
      await shots.take(page, 'workbench');
    });

    // --- Set API Key from the command palette.
    await checks.check('F1 → "Media Translate: Set API Key" asks for the key in a password box and saves it', async () => {
      await runFromPalette(page, 'Media Translate: Set API Key');
      const box = page.locator('.quick-input-widget input[type="password"]');
      await box.waitFor({ timeout: 20_000 });
      const title = (await page.locator('.quick-input-widget .quick-input-title').innerText()).trim();
      if (!/API Key for Singapore/.test(title)) throw new Error(`Unexpected title: ${title}`);
      // A key with a space is refused with a sentence before anything is stored.
      await box.pressSequentially('sk bad', { delay: 5 });
      const refusal = page.locator('.quick-input-widget .quick-input-message', { hasText: 'no spaces' });
      await refusal.waitFor({ timeout: 5_000 });
      const refusalText = (await refusal.innerText()).trim();
      await shots.take(page, 'api-key-refused');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      if (!(await box.isVisible())) throw new Error('Enter on a key with a space closed the box.');
      await box.fill('');
      await box.pressSequentially(apiKey, { delay: 5 });
      await shots.take(page, 'set-api-key');
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
      const toast = await waitForNotification(page, /API key for Singapore is saved/, 15_000);
      await page.waitForTimeout(400);
      await shots.take(page, 'api-key-saved');
      await closeNotifications(page);
      return `title "${title}"; "sk bad" refused with "${refusalText}"; then "${toast}"`;
    });

    await checks.check('Extensions view lists "Media Translate" as installed (the packaged copy, not a development one)', async () => {
      await page.keyboard.press('Control+Shift+X');
      await page.locator('.extensions-viewlet').waitFor({ timeout: 10_000 });
      // The search box is a small Monaco editor; "@installed" lists what is installed, offline too.
      await page.locator('.extensions-viewlet .suggest-input-container').first().click();
      await page.keyboard.type('@installed');
      // Each keystroke re-runs the query; let the last one settle before looking.
      await page.waitForTimeout(1500);
      const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Media Translate' }).first();
      await row.waitFor({ timeout: 20_000 });
      await page.keyboard.press('Escape'); // the search box's suggestion list
      await page.waitForTimeout(500);
      const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
      const headers = (await page.locator('.extensions-viewlet .pane-header .title').allInnerTexts()).map((t) => t.trim());
      await page.waitForTimeout(300);
      await shots.take(page, 'extensions-installed');
      if (headers.some((h) => /development/i.test(h))) throw new Error(`A development section shows: ${headers.join(', ')}`);
      await runFromPalette(page, 'View: Show Explorer');
      await mp4Row.waitFor({ timeout: 10_000 });
      return `${text.slice(0, 120)}; sections: ${headers.join(', ')}`;
    }, { fatal: false });

    // --- Right-click interview.mp4 → Translate Media.
    await checks.check('right-clicking interview.mp4 in the explorer offers "Translate Media"', async () => {
      const labels = await openMenuWith(page, mp4Row, 'Translate Media', 30_000);
      await shots.take(page, 'context-menu');
      return `menu: ${labels.join(' | ')}`;
    });
    const tTranslate = Date.now();
    await page.locator('.context-view .monaco-menu .action-label', { hasText: /^Translate Media$/ }).first().click();

    // --- The three Quick Picks.
    const picks = [
      { step: 1, type: target.name, choose: target.name, name: 'target language' },
      { step: 2, type: 'Auto-detect', choose: 'Auto-detect', name: 'source language' },
      { step: 3, type: `Also translated speech: ${target.voice}`, choose: `Also translated speech: ${target.voice}`, name: 'speech and voice' },
    ];
    for (const p of picks) {
      await checks.check(`Quick Pick ${p.step}/3 (${p.name}) offers "${p.choose}" and takes it`, async () => {
        const title = page.locator('.quick-input-widget .quick-input-title', { hasText: `Translate Media (${p.step}/3)` });
        await title.waitFor({ timeout: 20_000 });
        const placeholder = await quickInput(page).getAttribute('placeholder');
        const first = (await firstRowLabels(page)).slice(0, 4);
        await quickInput(page).fill(p.type);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: p.choose }).first();
        await row.waitFor({ timeout: 5_000 });
        await shots.take(page, `pick-${p.step}-${slug(p.name)}`);
        const focused = (await page.locator('.quick-input-list .monaco-list-row.focused .label-name').first().innerText()).trim();
        if (focused !== p.choose) throw new Error(`After typing "${p.type}" the focused item is "${focused}".`);
        await page.keyboard.press('Enter');
        await title.waitFor({ state: 'hidden', timeout: 10_000 });
        return `"${placeholder}"; first items: ${first.join(', ')}`;
      });
    }

    // --- While it runs: notification, live tab, output channel.
    const progress = page.locator('.notifications-toasts .notification-toast', { hasText: `Translating ${stem}.mp4` }).first();
    let progressTexts = [];
    await checks.check('a progress notification "Translating interview.mp4" counts the pieces and offers Cancel', async () => {
      await progress.waitFor({ timeout: 15_000 });
      timings.notification = Date.now() - tTranslate;
      const text = (await progress.innerText()).replace(/\s+/g, ' ').trim();
      progressTexts.push(text);
      await shots.take(page, 'progress-notification');
      const cancel = progress.locator('.monaco-button, .action-label', { hasText: 'Cancel' });
      if ((await cancel.count()) === 0) throw new Error(`No Cancel button in: ${text}`);
      return text;
    });

    let liveSeen = false;
    let outputSeen = '';
    let statusSeen = '';
    let growth = [];
    await checks.check('the live "interview.de (translating).srt" tab opens and grows while pieces arrive', async () => {
      const liveTab = page.locator('.tabs-container .tab', { hasText: '(translating)' }).first();
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if ((await liveTab.count()) > 0) {
          liveSeen = true;
          timings.liveTab ??= Date.now() - tTranslate;
          const lines = await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText().catch(() => '');
          const cues = (lines.match(/-->/g) ?? []).length;
          if (growth.at(-1) !== cues) {
            growth.push(cues);
            progressTexts.push(((await progress.innerText().catch(() => '')) || '').replace(/\s+/g, ' ').trim());
            statusSeen ||= await statusItemText(page);
            outputSeen = await outputText(page);
            await shots.take(page, `live-${cues}-cues`);
            // A moment later the next piece is usually mid-stream in the output channel.
            await page.waitForTimeout(700);
            if ((await progress.count()) > 0 && (await liveTab.count()) > 0) await shots.take(page, `live-${cues}-cues-streaming`);
          }
        }
        if ((await progress.count()) === 0) break;
        await page.waitForTimeout(150);
      }
      if (!liveSeen) throw new Error('No tab named "… (translating).srt" appeared before the notification ended.');
      const name = 'interview.de (translating).srt';
      return `tab "${name}" after ${seconds(timings.liveTab)}; cues shown over time: ${growth.join(' → ')}`;
    }, { fatal: false });

    await checks.check('the notification counted pieces (e.g. "1/3 pieces") and the status bar showed the run', async () => {
      const withPieces = progressTexts.filter((t) => /\d+\/\d+\+? pieces/.test(t));
      if (withPieces.length === 0) throw new Error(`Seen: ${progressTexts.join(' || ')}`);
      return `notification: ${[...new Set(withPieces)].join(' → ')}; status bar: ${statusSeen || '(not caught)'}`;
    }, { fatal: false });

    // --- The end.
    await checks.check('the run ends: the notification closes within 90 s', async () => {
      await progress.waitFor({ state: 'hidden', timeout: 90_000 });
      timings.run = Date.now() - tTranslate;
      await page.waitForTimeout(1000);
      await shots.take(page, 'finished');
    });

    const outputsOk = await checks.check(`${expectedOutputs.join(', ')} exist in the workspace`, () => {
      const missing = expectedOutputs.filter((f) => !fs.existsSync(path.join(session.workspace, f)));
      if (missing.length) throw new Error(`Missing: ${missing.join(', ')}; the workspace holds ${fs.readdirSync(session.workspace).join(', ')}`);
      const srt = fs.readFileSync(path.join(session.workspace, `${stem}.${target.code}.srt`), 'utf8');
      const cues = (srt.match(/-->/g) ?? []).length;
      if (cues < 4) throw new Error(`The .srt has ${cues} cues, expected one per sentence (4):\n${srt}`);
      const wav = fs.statSync(path.join(session.workspace, `${stem}.${target.code}.wav`)).size;
      if (wav < 44 + 16000) throw new Error(`The .wav has only ${wav} bytes.`);
      const txt = fs.readFileSync(path.join(session.workspace, `${stem}.${target.code}.txt`), 'utf8').trim();
      if (!txt) throw new Error('The .txt is empty.');
      return `srt ${cues} cues, txt ${txt.length} chars, wav ${wav} bytes`;
    }, { fatal: false });

    await checks.check('interview.de.srt is open in a tab and the live tab is gone', async () => {
      const tab = page.locator('.tabs-container .tab', { hasText: `${stem}.${target.code}.srt` });
      await tab.first().waitFor({ timeout: 10_000 });
      const live = await page.locator('.tabs-container .tab', { hasText: '(translating)' }).count();
      if (live) throw new Error('The "(translating)" tab is still open.');
      await tab.first().click();
      const text = await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
      if (!/-->/.test(text)) throw new Error(`The active editor shows no cues:\n${text.slice(0, 300)}`);
      await page.waitForTimeout(300);
      await shots.take(page, 'result-srt');
      const tabs = (await page.locator('.tabs-container .tab .label-name').allInnerTexts()).map((t) => t.trim());
      return `tabs: ${tabs.join(', ')}`;
    }, { fatal: false });

    await checks.check('the "Media Translate" output channel shows each piece\'s text and a "Done:" summary', async () => {
      const selected = await page.locator('.part.panel select.monaco-select-box').first().inputValue().catch(() => '');
      const visible = await outputText(page);
      if (!/Done: \d+ pieces?/.test(visible)) throw new Error(`The Output panel does not show a "Done:" line:\n${visible.slice(-600)}`);
      if (!/Wrote .*interview\.de\.srt/.test(visible)) throw new Error(`The Output panel does not show "Wrote …interview.de.srt":\n${visible.slice(-600)}`);
      // The panel shows only its last lines; the channel's full text is in its log file.
      const full = channelText(session.userData, 'Media Translate');
      if (!/interview\.mp4 → German \(00:25 of media\)/.test(full)) throw new Error(`No "interview.mp4 → German (00:25 of media)" header in:\n${full.slice(0, 600)}`);
      const ranges = full.match(/^\[\d\d:\d\d → \d\d:\d\d\]$/gm) ?? [];
      const done = full.split('\n').find((l) => l.startsWith('Done:'));
      // The pause of over 4 s before the last sentence ends a piece, so there are two; a time range each.
      const pieces = Number(/^Done: (\d+) pieces?/.exec(done ?? '')?.[1]);
      if (!(pieces >= 2) || ranges.length !== pieces) throw new Error(`Expected a time range per piece (2+), found ${ranges.length} for "${done}":\n${full}`);
      return `panel shows channel "${selected || '?'}"; ${ranges.join(' ')}; ${done}${outputSeen ? `; mid-run the panel already showed ${outputSeen.split('\n').filter(Boolean).length} lines` : ''}`;
    }, { fatal: false });

    await checks.check('the fake API saw authorised requests for German with voice Cherry, and no key in the logs', () => {
      const reqs = api.requests.filter((r) => r.path.endsWith('/chat/completions'));
      if (reqs.length === 0) throw new Error('No requests reached the fake.');
      const bad = reqs.filter((r) => !r.authorized || r.outcome?.status !== 200);
      if (bad.length) throw new Error(`Unauthorised or failed: ${JSON.stringify(bad.map((r) => ({ authorized: r.authorized, outcome: r.outcome })))}`);
      const bodies = reqs.map((r) => r.body);
      const langs = new Set(bodies.map((b) => b?.translation_options?.target_lang));
      const voices = new Set(bodies.map((b) => b?.audio?.voice));
      if (langs.size !== 1 || ![...langs][0]) throw new Error(`target_lang values: ${[...langs].join(', ')}`);
      if (!voices.has(target.voice) || voices.size !== 1) throw new Error(`voices: ${[...voices].join(', ')}`);
      const leaked = grepLogs(session.userData, apiKey);
      if (leaked.length) throw new Error(`The key appears in: ${leaked.join(', ')}`);
      const errors = grepLogs(session.userData, /\[error\]/).filter((f) => /Media Translate/.test(f));
      if (errors.length) throw new Error(`Errors logged in: ${errors.join(', ')}`);
      return `${reqs.length} requests, target_lang ${[...langs][0]}, voice ${[...voices][0]}, audio ${reqs.map((r) => r.audioSeconds?.toFixed(1)).join('+')} s`;
    }, { fatal: false });

    // --- A second run with the same choices: recent language first, the "already exist" dialog, the cache.
    if (!outputsOk) {
      console.log('  - the second run is skipped: the first wrote no outputs');
      throw new StopRun();
    }
    await checks.check('a second run offers German first ("recently used") and asks before overwriting the outputs', async () => {
      await openMenuWith(page, mp4Row, 'Translate Media', 10_000);
      await page.locator('.context-view .monaco-menu .action-label', { hasText: /^Translate Media$/ }).first().click();
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Translate Media (1/3)' }).waitFor({ timeout: 20_000 });
      const first = (await firstRowLabels(page))[0];
      const firstDesc = (await page.locator('.quick-input-list .monaco-list-row .label-description').first().innerText().catch(() => '')).trim();
      if (first !== target.name) throw new Error(`The first language offered is ${first}, not ${target.name}.`);
      await shots.take(page, 'second-run-pick-1');
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Translate Media (2/3)' }).waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Translate Media (3/3)' }).waitFor({ timeout: 10_000 });
      const speechFirst = (await firstRowLabels(page))[0];
      await quickInput(page).fill(`Also translated speech: ${target.voice}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: `Also translated speech: ${target.voice}` }).first().waitFor({ timeout: 5_000 });
      await page.keyboard.press('Enter');
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ timeout: 15_000 });
      const text = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
      await page.waitForTimeout(300);
      await shots.take(page, 'second-run-already-exist');
      for (const f of expectedOutputs) if (!text.includes(f)) throw new Error(`The dialog does not name ${f}: ${text}`);
      await dialog.locator('.monaco-button', { hasText: /^Overwrite$/ }).click();
      return `first language "${first} ${firstDesc}"; speech step starts at "${speechFirst}"; dialog: "${text}"`;
    }, { fatal: false });

    await checks.check('the second run takes every piece from the cache, makes no request and overwrites the outputs', async () => {
      const before = api.requests.length;
      const started = Date.now();
      const srtTab = page.locator('.tabs-container .tab', { hasText: `${stem}.${target.code}.srt` });
      // The run is quick; its end shows as the channel's second "Done:" line.
      const deadline = Date.now() + 60_000;
      let full = '';
      while (Date.now() < deadline) {
        full = channelText(session.userData, 'Media Translate');
        if ((full.match(/^Done:/gm) ?? []).length >= 2) break;
        await page.waitForTimeout(200);
      }
      const dones = full.match(/^Done:.*$/gm) ?? [];
      if (dones.length < 2) throw new Error(`No second "Done:" line within 60 s:\n${full.slice(-800)}`);
      timings.secondRun = Date.now() - started;
      const pieces = /^Done: (\d+) pieces?/.exec(dones[0])?.[1];
      if (!new RegExp(`^Done: ${pieces} pieces? \\(${pieces} from the cache\\)`).test(dones[1])) throw new Error(`Not all pieces came from the cache: ${dones[1]}`);
      if (api.requests.length !== before) throw new Error(`${api.requests.length - before} requests reached the fake.`);
      const extra = fs.readdirSync(session.workspace).filter((f) => /^interview\.de[.-]\d|\(\d\)|\.tmp$/.test(f));
      if (extra.length) throw new Error(`Unexpected files: ${extra.join(', ')}`);
      await srtTab.first().waitFor({ timeout: 10_000 });
      await page.waitForTimeout(500);
      await shots.take(page, 'second-run-finished');
      return dones[1];
    }, { fatal: false });
  });
}

/** Right-clicks a row until its menu lists `label`, and points at that entry. */
async function openMenuWith(page, row, label, timeoutMs) {
  const labels = await openContextMenu(page, row, label, timeoutMs);
  if (!labels.includes(label)) {
    await closeContextMenu(page);
    throw new Error(`"${label}" is not in the menu: ${labels.join(' | ')}`);
  }
  await page.locator('.context-view .monaco-menu .action-label', { hasText: new RegExp(`^${label}$`) }).first().hover();
  await page.waitForTimeout(200);
  return labels;
}

async function firstRowLabels(page) {
  return (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
}

/** The run's status bar item, if showing. */
async function statusItemText(page) {
  const item = page.locator('.statusbar-item', { hasText: `${stem}.mp4` }).first();
  return (await item.count()) ? (await item.innerText()).trim() : '';
}

/** The visible text of the Output panel (the extension shows its "Media Translate" channel there). */
async function outputText(page) {
  const editor = page.locator('.part.panel .monaco-editor .view-lines').first();
  if ((await editor.count()) === 0) return '';
  return (await editor.innerText()).replace(/\u00a0/g, ' ');
}

/** The full text of an output channel of the extension, from the file code-server keeps it in. */
function channelText(userData, channel) {
  const dir = path.join(userData, 'logs');
  if (!fs.existsSync(dir)) return '';
  const files = fs
    .readdirSync(dir, { recursive: true })
    .filter((rel) => /output_logging_/.test(rel) && path.basename(rel).replace(/^\d+-/, '') === `${channel}.log`)
    .map((rel) => path.join(dir, rel));
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Files under the user-data logs that contain `needle`. */
function grepLogs(userData, needle) {
  const dir = path.join(userData, 'logs');
  if (!fs.existsSync(dir)) return [];
  const hits = [];
  for (const rel of fs.readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, rel);
    if (!fs.statSync(file).isFile()) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (typeof needle === 'string' ? text.includes(needle) : needle.test(text)) hits.push(path.relative(userData, file));
  }
  return hits;
}
