#!/usr/bin/env node
// UI check in code-server, driven by playwright-core with Debian's Chromium: a translated MP4 (made with
// espeak-ng and ffmpeg, translated against the local fake API with speech) lies in the workspace; its
// .srt is opened from the explorer and "Media Translate: Preview Translation" is run from the palette.
// In the player's webview: the media loads, its text track holds every cue of the file, a click on a cue
// moves currentTime to it, the highlighted cue follows playback, the keys move between cues, switching to
// the translated speech keeps the time, the CSP allows no inline script, a cue chosen in the editor is
// shown in the player, and an edit typed in the .srt shows in the list. Screenshots in a light and a dark
// theme: test-artifacts/preview-*.png.
//
//   node test/vscode/ui/preview.mjs [--extension DIR] [--keep]
//
// Prints `N passed, N failed` alone on the last line; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Checks } from './checks.mjs';
import {
  Screenshots,
  artifactsDir,
  explorerRow,
  loadCompiled,
  openFromExplorer,
  quickInput,
  reportMissingBuild,
  runFromPalette,
  runWorkbenchChecks,
  setApiKey,
  updateUserSettings,
  waitForWorkbench,
  workbenchArgs,
} from './workbench.mjs';

const opts = workbenchArgs();
const apiKey = 'sk-ui-preview-7f3a9c';
const stem = 'talk';
const srtName = `${stem}.en.srt`;

const built = 'npm run build && npm run compile-tests';
process.exitCode = reportMissingBuild(['out/test/fakes/fakeApi.js', 'out/test/fakes/media.js', 'out/src/core/translate.js', 'dist/webview/preview.js'].map((f) => [f, built]))
  ? 1
  : await previewChecks();

async function previewChecks() {
  const { makeSpeech } = loadCompiled('out/test/fakes/media.js');
  const { parseSubtitles } = loadCompiled('out/test/fakes/parseSubtitles.js');
  const { translate } = loadCompiled('out/src/core/translate.js');
  const { buildJob } = loadCompiled('out/src/core/job.js');
  const { parseSrt } = loadCompiled('out/src/core/subtitles/parseSrt.js');

  const shots = new Screenshots(artifactsDir);
  shots.clear(/^(failed-)?preview-.*\.png$/);
  const checks = new Checks({ shots, failedShot: (_name, count) => `failed-preview-${count}` });
  return runWorkbenchChecks({ prefix: 'mt-vscode-preview-', keep: opts.keep, checks }, async ({ session, open, startFakeApi }) => {
    const api = await startFakeApi({ apiKey });
    // --- A translated MP4 in the workspace, as a run of the extension leaves it.
    await makeSpeech({
      dir: session.workspace,
      name: stem,
      format: 'mp4',
      totalSeconds: 24,
      segments: [
        { text: 'Welcome to our interview about open source software.', at: 0.5 },
        { text: 'Today we talk about how small teams ship reliable tools.', at: 6.5 },
        { text: 'Testing early saves a lot of time later on.', at: 13 },
        { text: 'Thank you for listening, and see you next week.', at: 19 },
      ],
    });
    const job = buildJob({
      input: path.join(session.workspace, `${stem}.mp4`),
      targetLanguage: 'en',
      speech: true,
      formats: ['srt', 'txt', 'wav', 'json'],
      apiKey,
      baseUrl: api.baseUrl,
      segmentSeconds: 6,
    });
    for await (const ev of translate(job)) void ev;
    // A video in a codec the webview cannot decode (MPEG-4 Part 2), with subtitles another tool wrote.
    const clip = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine=frequency=330', '-t', '6', '-c:v', 'mpeg4', '-c:a', 'aac', path.join(session.workspace, 'clip.mp4')], { encoding: 'utf8' });
    if (clip.status !== 0) throw new Error(`ffmpeg could not make clip.mp4: ${clip.stderr}`);
    fs.writeFileSync(path.join(session.workspace, 'clip.en.srt'), '1\n00:00:00,500 --> 00:00:02,000\nThe first line of the clip.\n\n2\n00:00:03,000 --> 00:00:05,000\nThe second line of the clip.\n');
    const srtFile = path.join(session.workspace, srtName);
    const fileCues = parseSubtitles(fs.readFileSync(srtFile, 'utf8'));
    if (fileCues.length < 4) throw new Error(`The translation has only ${fileCues.length} cues.`);
    updateUserSettings(session, { 'workbench.colorTheme': 'Default Light Modern', 'window.commandCenter': false });
    const page = await open({
      extensionDevelopmentPath: opts.extension,
      viewport: { width: 1400, height: 860 },
      chromiumArgs: ['--autoplay-policy=no-user-gesture-required'],
    });

    await checks.check(`${srtName} opens from the explorer and Preview Translation runs from the palette`, async () => {
      await openFromExplorer(page, srtName);
      await runFromPalette(page, 'Media Translate: Preview Translation');
      await page.locator('.tab', { hasText: `Preview ${srtName}` }).first().waitFor({ timeout: 30_000 });
    });

    let frame;
    await checks.check('the player loads the picture, the original sound copied by ffmpeg, and the dub', async () => {
      frame = await webviewFrame(page, 30_000);
      const media = await waitFor(frame, () => {
        const v = document.getElementById('picture');
        const o = document.getElementById('original');
        const t = document.getElementById('translated');
        const ok = v.readyState >= 1 && v.videoWidth > 0 && o.readyState >= 1 && t.readyState >= 1;
        return ok && { video: `${v.videoWidth}x${v.videoHeight}, ${v.duration.toFixed(1)} s`, original: o.src.split('/').pop(), translated: t.src.split('/').pop(), clock: document.querySelector('[data-clock]')?.id };
      }, 60_000, 'the media elements to load');
      if (media.clock !== 'picture') throw new Error(`The clock is ${media.clock}, not the picture.`);
      await page.waitForTimeout(300);
      await shots.take(page, 'preview-light');
      return JSON.stringify(media);
    });

    await checks.check('its text track holds every cue of the file, and the list shows each one', async () => {
      const seen = await frame.evaluate(() => {
        const track = [...document.querySelector('[data-clock]').textTracks].find((t) => t.label === 'Subtitles');
        return { track: [...track.cues].map((c) => ({ start: c.startTime, end: c.endTime, text: c.text })), list: [...document.querySelectorAll('#cues .cue .text')].map((e) => e.textContent) };
      });
      const want = fileCues.map((c) => ({ start: c.start, end: c.end, text: c.text }));
      const near = (a, b) => Math.abs(a - b) < 0.002;
      if (seen.track.length !== want.length || !seen.track.every((c, i) => near(c.start, want[i].start) && near(c.end, want[i].end) && c.text === want[i].text)) {
        throw new Error(`The track holds ${JSON.stringify(seen.track)}, the file ${JSON.stringify(want)}`);
      }
      if (JSON.stringify(seen.list) !== JSON.stringify(want.map((c) => c.text))) throw new Error(`The list shows ${JSON.stringify(seen.list)}`);
      return `${want.length} cues in the track and the list`;
    });

    await checks.check('a click on a cue moves currentTime to its start and highlights it', async () => {
      const k = 2;
      await frame.locator('#cues li').nth(k).locator('.cue').click();
      const got = await waitFor(frame, (i) => {
        const t = document.querySelector('[data-clock]').currentTime;
        const current = [...document.querySelectorAll('#cues li')].findIndex((li) => li.classList.contains('current'));
        return current === i && { t, current };
      }, 5_000, 'the cue to be highlighted', k);
      if (Math.abs(got.t - fileCues[k].start) > 0.05) throw new Error(`currentTime is ${got.t}, cue ${k + 1} starts at ${fileCues[k].start}`);
      return `currentTime ${got.t.toFixed(3)} s for a cue at ${fileCues[k].start} s`;
    });

    await checks.check('the highlighted cue follows playback', async () => {
      const k = 1;
      const from = Math.max(0, fileCues[k].start - 0.4);
      await frame.evaluate((t) => { document.querySelector('[data-clock]').currentTime = t; }, from);
      await frame.locator('#play').click();
      const got = await waitFor(frame, (start) => {
        const clock = document.querySelector('[data-clock]');
        if (clock.paused || clock.currentTime < start + 0.3) return false;
        const current = [...document.querySelectorAll('#cues li')].findIndex((li) => li.classList.contains('current'));
        return { t: clock.currentTime, current, caption: document.querySelector('.current .text')?.textContent };
      }, 15_000, 'playback to pass the cue', fileCues[k].start);
      const want = fileCues.findIndex((c) => c.start <= got.t && got.t < c.end);
      if (got.current !== want) throw new Error(`At ${got.t.toFixed(2)} s cue ${got.current + 1} is highlighted, not cue ${want + 1}.`);
      await shots.take(page, 'preview-playing');
      return `at ${got.t.toFixed(2)} s cue ${got.current + 1} ("${got.caption}") is highlighted`;
    });

    await checks.check('switching to the translated speech keeps the time, and the dub plays with the picture', async () => {
      const before = await frame.evaluate(() => document.querySelector('[data-clock]').currentTime);
      await frame.locator('input[value="translated"]').check();
      const got = await waitFor(frame, () => {
        const clock = document.querySelector('[data-clock]');
        const dub = document.getElementById('translated');
        const original = document.getElementById('original');
        return !dub.paused && !dub.muted && Math.abs(dub.currentTime - clock.currentTime) < 0.3 && { clock: clock.currentTime, dub: dub.currentTime, originalPaused: original.paused, videoMuted: clock.muted };
      }, 10_000, 'the dub to play in step with the picture');
      if (got.clock < before - 0.05) throw new Error(`The time went back from ${before} to ${got.clock}.`);
      if (!got.originalPaused || !got.videoMuted) throw new Error(`The original sound still plays: ${JSON.stringify(got)}`);
      await frame.locator('#play').click();
      return `before ${before.toFixed(2)} s, after: picture ${got.clock.toFixed(2)} s, dub ${got.dub.toFixed(2)} s`;
    });

    await checks.check('the keys move to the next and previous cue', async () => {
      await frame.locator('#cues li').nth(0).locator('.cue').click();
      await frame.locator('body').press('n');
      const next = await waitFor(frame, () => {
        const t = document.querySelector('[data-clock]').currentTime;
        return t > 0 && { t };
      }, 5_000, 'the next cue');
      if (Math.abs(next.t - fileCues[1].start) > 0.05) throw new Error(`N moved to ${next.t}, not ${fileCues[1].start}`);
      await frame.locator('body').press('p');
      const prev = await frame.evaluate(() => document.querySelector('[data-clock]').currentTime);
      if (Math.abs(prev - fileCues[0].start) > 0.05) throw new Error(`P moved to ${prev}, not ${fileCues[0].start}`);
      return `N → ${next.t.toFixed(3)} s, P → ${prev.toFixed(3)} s`;
    });

    await checks.check('the Content-Security-Policy allows scripts only by nonce, never inline', async () => {
      const csp = await frame.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
      const script = csp.split(';').map((s) => s.trim()).find((s) => s.startsWith('script-src')) ?? '';
      if (!/'nonce-[A-Za-z0-9+/=]{16,}'/.test(script) || /unsafe-inline|unsafe-eval/.test(csp) || !/default-src 'none'/.test(csp)) throw new Error(`CSP: ${csp}`);
      return script.replace(/nonce-[^']+/, 'nonce-…');
    });

    await checks.check('the cursor on a cue in the editor shows that cue in the player', async () => {
      const k = 3;
      // Go to Line puts the cursor on the cue's text line, as a person would with Ctrl+G.
      const textLine = parseSrt(fs.readFileSync(srtFile, 'utf8')).cues[k].lastLine + 1;
      await page.locator('.editor-instance .view-lines').first().click();
      await page.keyboard.press('Control+G');
      await quickInput(page).fill(`:${textLine}`);
      await page.keyboard.press('Enter');
      const got = await waitFor(frame, (i) => [...document.querySelectorAll('#cues li')].findIndex((li) => li.classList.contains('current')) === i, 5_000, 'the cue to be highlighted', k);
      return got ? `cue ${k + 1} highlighted` : '';
    });

    await checks.check('an edit typed in the .srt shows in the list and the track without saving', async () => {
      const line = page.locator('.editor-instance .view-line', { hasText: fileCues[0].text.split('\n')[0] }).first();
      await line.click();
      await page.keyboard.press('Home');
      await page.keyboard.type('Fixed: ', { delay: 20 });
      const got = await waitFor(frame, () => {
        const first = document.querySelector('#cues li .text')?.textContent ?? '';
        const track = [...document.querySelector('[data-clock]').textTracks].find((t) => t.label === 'Subtitles');
        return first.startsWith('Fixed: ') && track.cues[0].text.startsWith('Fixed: ') && first;
      }, 5_000, 'the edit in the list');
      await page.waitForTimeout(200);
      await shots.take(page, 'preview-edited');
      if (fs.readFileSync(srtFile, 'utf8').includes('Fixed: ')) throw new Error(`${srtName} was saved: the list must come from the document's text.`);
      return `list shows "${got.split('\n')[0]}" while ${srtName} on disk is unchanged`;
    });

    await checks.check('Retranslate on a piece in the player replaces only its cues, keeping the unsaved edit of another', async () => {
      await setApiKey(page, apiKey);
      const k = 1;
      const before = parseSubtitles(fs.readFileSync(srtFile, 'utf8'));
      const sent = api.requests.length;
      // The model answers differently this time, as a retried piece would.
      api.setOptions({ sentenceChars: 30, speech: { toneShiftHz: 150 } });
      await frame.locator('#cues li').nth(k).locator('.retranslate').click();
      const got = await waitFor(frame, (i) => {
        const texts = [...document.querySelectorAll('#cues li .text')].map((e) => e.textContent);
        const busy = [...document.querySelectorAll('button.retranslate')].some((b) => b.disabled);
        return !busy && texts[0].startsWith('Fixed: ') && texts[i] && !texts[i].startsWith('Stretch one says hello to everyone in the.') && texts;
      }, 60_000, 'the new cues of the piece', k);
      const after = parseSubtitles(fs.readFileSync(srtFile, 'utf8'));
      if (api.requests.length !== sent + 1) throw new Error(`${api.requests.length - sent} requests were sent, not one.`);
      if (!after[0].text.startsWith('Fixed: ')) throw new Error('The unsaved edit of cue 1 was lost.');
      const others = (cues) => cues.filter((_, i) => i !== k).slice(1).map((c) => JSON.stringify(c));
      if (JSON.stringify(others(after)) !== JSON.stringify(others(before))) throw new Error(`Other cues changed: ${JSON.stringify(after)}`);
      await page.waitForTimeout(300);
      await shots.take(page, 'preview-retranslated');
      return `cue ${k + 1} now reads "${got[k].replace(/\n/g, ' ')}"; cue 1 keeps "Fixed: "; ${after.length - 2} other cues unchanged`;
    });

    await checks.check('the player keeps its time and sound when hidden and after a reload of the window', async () => {
      const at = fileCues[2].start;
      await frame.locator('#cues li').nth(2).locator('.cue').click();
      await waitFor(frame, (t) => Math.abs(document.querySelector('[data-clock]').currentTime - t) < 0.05, 5_000, 'the seek', at);
      // Hidden: another editor takes the panel's place in its group, then the panel comes back.
      await page.locator('.tab', { hasText: `Preview ${srtName}` }).first().click();
      await chooseInQuickInput(page, `${stem}.en.txt`);
      await page.locator('.tab.active', { hasText: `${stem}.en.txt` }).last().waitFor({ timeout: 10_000 });
      await showTab(page, `Preview ${srtName}`);
      frame = await webviewFrame(page, 30_000, `Preview ${srtName}`);
      const hidden = await waitForKeptPlace(frame, at, 30_000, 'After hiding');
      await page.reload();
      await waitForWorkbench(page);
      // The restored panel draws only while its tab is shown; another editor opened at start-up (the
      // Getting Started walkthrough, say) can cover it, so its tab is brought forward when it stays hidden.
      frame = await webviewFrame(page, 20_000).catch(async () => {
        await showTab(page, `Preview ${srtName}`);
        return webviewFrame(page, 40_000);
      });
      const reloaded = await waitForKeptPlace(frame, at, 60_000, 'After the reload');
      await shots.take(page, 'preview-reloaded');
      return `hidden and shown: ${hidden.t.toFixed(2)} s, ${hidden.speech}; reloaded: ${reloaded.t.toFixed(2)} s, ${reloaded.speech}, ${reloaded.cues} cues`;
    });

    await checks.check('a video whose picture cannot be decoded plays its sound and subtitles, and the player says so', async () => {
      const row = explorerRow(page, 'clip.en.srt');
      await row.waitFor({ timeout: 15_000 });
      await row.dblclick();
      await page.locator('.tab.active', { hasText: 'clip.en.srt' }).first().waitFor({ timeout: 15_000 });
      await runFromPalette(page, 'Media Translate: Preview Translation');
      const clip = await webviewFrame(page, 30_000, 'Preview clip.en.srt');
      const got = await waitFor(clip, () => {
        const note = [...document.querySelectorAll('#notes p')].map((p) => p.textContent).find((t) => t.startsWith('No picture can be shown'));
        const clock = document.querySelector('[data-clock]');
        const track = clock && [...clock.textTracks].find((t) => t.label === 'Subtitles');
        const picture = document.getElementById('picture');
        return note && clock?.id === 'original' && clock.readyState >= 1 && track?.cues.length === 2 && !document.getElementById('caption').hidden && picture.getBoundingClientRect().height === 0 && { note, clock: clock.id, cues: track.cues.length };
      }, 60_000, 'the note and the sound as the clock');
      await clip.locator('#cues li').nth(1).locator('.cue').click();
      const caption = await waitFor(clip, () => document.getElementById('caption').textContent, 5_000, 'the caption');
      await page.waitForTimeout(300);
      await shots.take(page, 'preview-no-picture');
      if (caption !== 'The second line of the clip.') throw new Error(`The caption shows "${caption}"`);
      return `"${got.note}"; the ${got.clock} sound is the clock with ${got.cues} cues; caption "${caption}"`;
    });

    await checks.check('the player takes the dark theme\'s colours', async () => {
      await showTab(page, `Preview ${srtName}`);
      frame = await webviewFrame(page, 30_000, `Preview ${srtName}`);
      const before = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await runFromPalette(page, 'Preferences: Toggle between Light/Dark Themes');
      const after = await waitFor(frame, (was) => {
        const now = getComputedStyle(document.body).backgroundColor;
        return now !== was && now;
      }, 15_000, 'the theme to change', before);
      await page.waitForTimeout(500);
      await shots.take(page, 'preview-dark');
      return `body background ${before} → ${after}`;
    });
  });
}

/**
 * Waits for the player to come back at `at` seconds with the translated speech chosen and its cue
 * highlighted, and says what it showed when it never does. The time label shows the kept time at
 * once; the clock takes it only once it knows its length and has seeked, so the clock is what counts.
 */
async function waitForKeptPlace(frame, at, timeoutMs, when) {
  const shown = () => {
    const clock = document.querySelector('[data-clock]');
    return clock && {
      t: clock.currentTime,
      ready: clock.readyState >= 1 && !clock.seeking,
      speech: document.querySelector('input[name="speech"]:checked')?.value,
      current: Boolean(document.querySelector('#cues li.current')),
      label: document.getElementById('time').textContent,
      cues: document.querySelectorAll('#cues li').length,
    };
  };
  return waitFor(frame, (at) => {
    const clock = document.querySelector('[data-clock]');
    const speech = document.querySelector('input[name="speech"]:checked')?.value;
    const kept = clock && clock.readyState >= 1 && !clock.seeking && Math.abs(clock.currentTime - at) <= 0.6 && speech === 'translated' && document.querySelector('#cues li.current');
    return kept && { t: clock.currentTime, speech, cues: document.querySelectorAll('#cues li').length };
  }, timeoutMs, 'the player at its kept place', at).catch(async (e) => {
    throw new Error(`${when}: ${JSON.stringify(await frame.evaluate(shown).catch(() => null))}, wanted ${at} s and translated (${e.message})`);
  });
}

/** The frame that holds the player's page (VS Code nests a webview's page inside two iframes), by its title when given. */
async function webviewFrame(page, timeoutMs, title) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      if (!(await f.$('#cues').catch(() => null))) continue;
      if (!title || (await f.evaluate(() => document.title).catch(() => '')) === title) return f;
    }
    if (Date.now() > deadline) throw new Error('No webview frame holds the player.');
    await page.waitForTimeout(250);
  }
}

/** Clicks an editor tab until it is the active one of its group (a click during a re-layout can miss). */
async function showTab(page, label) {
  for (let attempt = 1; ; attempt++) {
    await page.locator('.tab', { hasText: label }).first().click();
    try {
      await page.locator('.tab.active', { hasText: label }).first().waitFor({ timeout: 3_000 });
      return;
    } catch (e) {
      if (attempt >= 5) throw new Error(`The tab "${label}" does not become active.`, { cause: e });
    }
  }
}

/** Polls `fn` in the frame until it returns something truthy; fails with `what` after the time. */
async function waitFor(frame, fn, timeoutMs, what, arg) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await frame.evaluate(fn, arg).catch((e) => ({ error: String(e) }));
    if (last && !last.error) return last;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last?.error ? ` (${last.error})` : ''}.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Types `text` into the quick input and takes the row that shows it. The webview, clicked just
 * before, can take the focus back a moment after the quick input opened, which closes it: then it
 * is opened again.
 */
async function chooseInQuickInput(page, text) {
  for (let attempt = 1; ; attempt++) {
    const input = await openQuickInput(page);
    try {
      await input.fill(text, { timeout: 5_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/**
 * Opens the command palette's input. A click on a webview's tab can leave the focus in the webview,
 * where a key may be taken by the page instead of the workbench, so F1 is pressed again (and then
 * Ctrl+Shift+P) from the tab bar until the input shows.
 */
async function openQuickInput(page) {
  const input = quickInput(page);
  for (const key of ['F1', 'F1', 'Control+Shift+P', 'F1']) {
    await page.keyboard.press(key);
    try {
      await input.waitFor({ timeout: 4_000 });
      return input;
    } catch {
      await page.locator('.tabs-container').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    }
  }
  await input.waitFor({ timeout: 10_000 });
  return input;
}
