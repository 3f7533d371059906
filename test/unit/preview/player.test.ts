import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type * as vscode from 'vscode';
import { WaveFile } from 'wavefile';
import type { HostMessage, PreviewMedia, WebviewMessage } from '../../../src/shared/previewProtocol';
import { previewHtml } from '../../../src/vscode/preview/previewHtml';
import { previewStrings } from '../../../src/vscode/preview/previewStrings';

// These run inside the page; the test's own compilation has no DOM types, so just what they read is declared.
interface PageElement { id: string; textContent: string | null; readyState: number; seeking: boolean; currentTime: number; parentElement: PageElement | null }
declare const document: { querySelector(selector: string): PageElement | null; getElementById(id: string): PageElement | null; documentElement: { style: { setProperty(name: string, value: string): void } } };
declare const window: { postMessage(message: unknown, target: string): void };
declare function getComputedStyle(el: PageElement): { color: string; backgroundColor: string };

const root = path.resolve(__dirname, '../../../..');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Seconds of silence at 8 kHz, 16-bit mono: enough for the player to seek into. */
function silentWav(seconds: number): Buffer {
  const wav = new WaveFile();
  wav.fromScratch(1, 8000, '16', new Int16Array(8000 * seconds));
  return Buffer.from(wav.toBuffer());
}

/**
 * The built player page (dist/webview) served the way a webview serves it, with byte ranges, and the
 * original sound held back until the test lets it go: the webview, shown again, waits for its media.
 */
function startPageServer(): Promise<{ origin: string; release(): void; close(): Promise<void> }> {
  const sound = silentWav(30);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const origin = `http://${req.headers.host}`;
    if (url === '/page.html') {
      const webview = { cspSource: origin, asWebviewUri: (u: { path: string }) => `${origin}${u.path}` } as unknown as vscode.Webview;
      const assets = { script: { path: '/preview.js' }, style: { path: '/preview.css' } } as unknown as { script: vscode.Uri; style: vscode.Uri };
      res.writeHead(200, { 'content-type': 'text/html' }).end(previewHtml(webview, assets));
    } else if (url === '/preview.js' || url === '/preview.css') {
      const type = url.endsWith('.js') ? 'text/javascript' : 'text/css';
      res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(path.join(root, 'dist/webview', url)));
    } else if (url === '/original.wav' || url === '/translated.wav') {
      void (url === '/original.wav' ? released : Promise.resolve()).then(() => sendRange(req, res, sound));
    } else res.writeHead(404).end();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        release,
        close: () => {
          release();
          server.closeAllConnections();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}

function sendRange(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
  const range = /^bytes=(\d+)-(\d*)$/u.exec(req.headers.range ?? '');
  if (!range) {
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': body.length, 'accept-ranges': 'bytes' }).end(body);
    return;
  }
  const start = Number(range[1]);
  const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
  res.writeHead(206, {
    'content-type': 'audio/wav',
    'content-length': end - start + 1,
    'content-range': `bytes ${start}-${end}/${body.length}`,
    'accept-ranges': 'bytes',
  }).end(body.subarray(start, end + 1));
}

/** A page with the player and a stand-in for VS Code's webview API that records what the player posts and saves. */
async function openPlayer(browser: Browser, origin: string): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { posted: unknown[]; saved: unknown; acquireVsCodeApi(): unknown };
    w.posted = [];
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => w.posted.push(m),
      getState: () => undefined,
      setState: (s: unknown) => (w.saved = s),
    });
  });
  await page.goto(`${origin}/page.html`);
  await page.waitForFunction(() => (window as unknown as { posted: WebviewMessage[] }).posted.some((m) => m.type === 'ready'));
  return page;
}

/** The WCAG contrast ratio of two `rgb(…)`/`rgba(…)` colours (1 to 21). */
function contrast(a: string, b: string): number {
  const luminance = (c: string): number => {
    const [r, g, bl] = (c.match(/[\d.]+/gu) ?? []).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * A theme whose selected list row is dark with light text while a hovered row is light, as VS Code's
 * Light+ and several others have it; the webview gets these variables from VS Code.
 */
const lightThemeWithDarkSelection: Record<string, string> = {
  '--vscode-foreground': '#616161',
  '--vscode-descriptionForeground': '#717171',
  '--vscode-list-activeSelectionBackground': '#0060c0',
  '--vscode-list-activeSelectionForeground': '#ffffff',
  '--vscode-list-hoverBackground': '#e8e8e8',
  '--vscode-focusBorder': '#0090f1',
};

const cues = [0.5, 6.5, 13.04, 20].map((start, i) => ({ start, end: start + 4, text: `Cue ${i + 1}.`, line: i * 4 + 1, lastLine: i * 4 + 2 }));

/** The extension's first message to the player, for talk.en.srt with the translated speech chosen, and its words in English. */
function initMessage(media: PreviewMedia, time: number): HostMessage {
  return { type: 'init', subtitles: 'file:///talk.en.srt', title: 'Preview talk.en.srt', media, cues, time, speech: 'translated', canRetranslate: false, strings: previewStrings() };
}

describe('the preview player in a browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startPageServer>>;

  before(async () => {
    assert.ok(fs.existsSync(path.join(root, 'dist/webview/preview.js')), 'dist/webview/preview.js is built (npm run build)');
    assert.ok(fs.existsSync(chromiumPath), `Chromium is at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    server = await startPageServer();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the time it is shown again at while its sound still loads, so hiding it again at once loses nothing', async () => {
    const page = await openPlayer(browser, server.origin);
    const init = initMessage({ name: 'talk.wav', original: `${server.origin}/original.wav`, translated: `${server.origin}/translated.wav`, notes: [] }, 13.04);
    await page.evaluate((m) => window.postMessage(m, '*'), init);
    await page.waitForFunction(() => (window as unknown as { posted: WebviewMessage[] }).posted.some((m) => m.type === 'state'));
    const whileLoading = await page.evaluate(() => {
      const w = window as unknown as { posted: WebviewMessage[]; saved: unknown };
      return { posted: w.posted.filter((m) => m.type === 'state'), saved: w.saved, readyState: document.querySelector('#original')?.readyState };
    });
    assert.equal(whileLoading.readyState, 0, 'the sound is still held back');
    assert.deepEqual(whileLoading.posted.at(-1), { type: 'state', time: 13.04, speech: 'translated' }, 'what the extension keeps for the next time the panel is shown');
    assert.deepEqual(whileLoading.saved, { subtitles: 'file:///talk.en.srt', time: 13.04, speech: 'translated' }, 'what the webview keeps for a reload');

    // Listeners added after the player's run after them: once they have heard the sound's length and
    // the seek that follows, the player has had its chance to act on both.
    await page.evaluate(() => {
      const w = window as unknown as { heard: string[] };
      w.heard = [];
      const sound = document.getElementById('original') as unknown as { addEventListener(name: string, f: () => void): void };
      for (const name of ['loadedmetadata', 'seeked']) sound.addEventListener(name, () => w.heard.push(name));
    });
    server.release();
    await page.waitForFunction(() => (window as unknown as { heard: string[] }).heard.includes('loadedmetadata'), undefined, { timeout: 15_000 });
    // No seek means no `seeked`: then the time is read as it is, and the assertions below say so.
    await page.waitForFunction(() => (window as unknown as { heard: string[] }).heard.includes('seeked'), undefined, { timeout: 5_000 }).catch(() => undefined);
    const loaded = await page.evaluateHandle(() => {
      const clock = document.querySelector('[data-clock]');
      const posted = (window as unknown as { posted: WebviewMessage[] }).posted.filter((m) => m.type === 'state');
      return clock && {
        clock: clock.id,
        t: clock.currentTime,
        label: document.getElementById('time')?.textContent,
        current: document.querySelector('#cues li.current .text')?.textContent,
        last: posted.at(-1),
      };
    });
    const got = (await loaded.jsonValue()) as { clock: string; t: number; label: string; current: string; last: WebviewMessage };
    assert.equal(got.clock, 'original');
    assert.ok(Math.abs(got.t - 13.04) < 0.05, `the sound sits at ${got.t} s`);
    assert.equal(got.label, '00:13.0');
    assert.equal(got.current, 'Cue 3.');
    assert.deepEqual(got.last, { type: 'state', time: got.t, speech: 'translated' });
    await page.close();
  });

  it('keeps the current cue readable under the mouse', async () => {
    const page = await openPlayer(browser, server.origin);
    await page.evaluate((vars) => {
      for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
    }, lightThemeWithDarkSelection);
    const init = initMessage({ name: 'talk.wav', translated: `${server.origin}/translated.wav`, notes: [] }, 0);
    await page.evaluate((m) => window.postMessage(m, '*'), init);
    const second = page.locator('#cues li').nth(1).locator('.cue');
    await second.click();
    await page.waitForFunction(() => document.querySelector('#cues li.current .text')?.textContent === 'Cue 2.');
    await second.hover();
    const seen = await page.evaluate(() => {
      const text = document.querySelector('#cues li.current .text') as PageElement;
      // The colour behind the text: the first element up the tree with a background of its own.
      let el: PageElement | null = text;
      let background = 'rgb(255, 255, 255)';
      for (; el; el = el.parentElement) {
        const b = getComputedStyle(el).backgroundColor;
        if (b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') {
          background = b;
          break;
        }
      }
      return { color: getComputedStyle(text).color, background };
    });
    const ratio = contrast(seen.color, seen.background);
    assert.ok(ratio >= 4.5, `the hovered current cue is ${seen.color} on ${seen.background}: contrast ${ratio.toFixed(2)}, under 4.5`);
    await page.close();
  });

  it('keeps the keyboard focus in the list, and its other rows, when an edit of the document arrives', async () => {
    const page = await openPlayer(browser, server.origin);
    const init = initMessage({ name: 'talk.wav', translated: `${server.origin}/translated.wav`, notes: [] }, 0);
    await page.evaluate((m) => window.postMessage(m, '*'), init);
    await page.locator('#cues li').nth(2).locator('.cue').focus();
    await page.evaluate(() => {
      (window as unknown as { marked: unknown }).marked = document.querySelector('#cues li:nth-child(4)');
    });
    const edited: HostMessage = { type: 'cues', cues: cues.map((c, i) => (i === 0 ? { ...c, text: 'Fixed: Cue 1.' } : c)) };
    await page.evaluate((m) => window.postMessage(m, '*'), edited);
    await page.waitForFunction(() => document.querySelector('#cues li .text')?.textContent === 'Fixed: Cue 1.', undefined, { timeout: 5_000 });
    const after = await page.evaluate(() => {
      const d = document as unknown as { activeElement: { className: string; textContent: string } | null; querySelector(s: string): unknown };
      const clock = document.querySelector('[data-clock]') as unknown as { textTracks: ArrayLike<{ label: string; cues: ArrayLike<{ text: string }> }> };
      const track = Array.from(clock.textTracks).find((t) => t.label === 'Subtitles');
      return {
        focused: d.activeElement ? `${d.activeElement.className}: ${d.activeElement.textContent}` : 'nothing',
        sameRow: d.querySelector('#cues li:nth-child(4)') === (window as unknown as { marked: unknown }).marked,
        trackFirst: track?.cues[0]?.text,
      };
    });
    assert.equal(after.focused, 'cue: 00:13.0Cue 3.', 'the keyboard focus stays on the cue it was on');
    assert.ok(after.sameRow, 'a row whose cue did not change is kept as it was');
    assert.equal(after.trackFirst, 'Fixed: Cue 1.', 'the text track shows the edit');
    await page.close();
  });

  it('moves the keyboard focus with the highlight on the arrow keys, so Enter plays the cue chosen', async () => {
    const page = await openPlayer(browser, server.origin);
    await page.evaluate((m) => window.postMessage(m, '*'), initMessage({ name: 'talk.wav', translated: `${server.origin}/translated.wav`, notes: [] }, 0));
    await page.locator('#cues li').nth(0).locator('.cue').click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => (document as unknown as { activeElement: { textContent: string } | null }).activeElement?.textContent);
    assert.equal(focused, '00:13.0Cue 3.');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#cues li.current .text')?.textContent === 'Cue 3.', undefined, { timeout: 5_000 });
    await page.close();
  });

  it('highlights the cue shown at the time when cues are out of order or one lies inside another', async () => {
    const page = await openPlayer(browser, server.origin);
    const odd = [
      { start: 0.5, end: 12, text: 'Long cue.', line: 1, lastLine: 2 },
      { start: 2, end: 3, text: 'Inside it.', line: 5, lastLine: 6 },
      { start: 25, end: 27, text: 'Out of order.', line: 9, lastLine: 10 },
      { start: 15, end: 17, text: 'Back in time.', line: 13, lastLine: 14 },
    ];
    const init = { ...initMessage({ name: 'talk.wav', translated: `${server.origin}/translated.wav`, notes: [] }, 0), cues: odd };
    await page.evaluate((m) => window.postMessage(m, '*'), init);
    const current = async (row: number): Promise<string | null | undefined> => {
      await page.locator('#cues li').nth(row).locator('.cue').click();
      await page.waitForFunction(() => !(document.querySelector('[data-clock]') as unknown as { seeking: boolean } | null)?.seeking, undefined, { timeout: 5_000 });
      return page.evaluate(() => document.querySelector('#cues li.current .text')?.textContent);
    };
    assert.equal(await current(3), 'Back in time.');
    assert.equal(await current(2), 'Out of order.');
    await page.evaluate(() => (document.querySelector('[data-clock]') as unknown as { currentTime: number }).currentTime = 5);
    await page.waitForFunction(() => document.querySelector('#cues li.current .text')?.textContent === 'Long cue.', undefined, { timeout: 5_000 });
    await page.close();
  });

  it('keeps Play as it is when there is nothing to play', async () => {
    const page = await openPlayer(browser, server.origin);
    await page.evaluate((m) => window.postMessage(m, '*'), initMessage({ name: 'talk.wav', notes: [] }, 0));
    await page.locator('#cues li').first().waitFor();
    await page.keyboard.press('Space');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => document.getElementById('play')?.textContent), 'Play');
    await page.close();
  });

  it('draws a cue that asks for the top of the picture there, and keeps a literal < and & as written', async () => {
    const page = await openPlayer(browser, server.origin);
    const placed = [
      { start: 0.5, end: 3, text: 'On-screen text below.', line: 1, lastLine: 2, top: true },
      { start: 4, end: 6, text: 'a < b & c', line: 5, lastLine: 6 },
    ];
    await page.evaluate((m) => window.postMessage(m, '*'), { ...initMessage({ name: 'talk.wav', translated: `${server.origin}/translated.wav`, notes: [] }, 0), cues: placed });
    await page.waitForFunction(() => document.querySelector('[data-clock]') !== null, undefined, { timeout: 5_000 });
    const track = await page.evaluate(() => {
      const clock = document.querySelector('[data-clock]') as unknown as { textTracks: ArrayLike<{ label: string; cues: ArrayLike<{ text: string; line: number | string; getCueAsHTML(): { textContent: string } }> }> };
      const t = Array.from(clock.textTracks).find((x) => x.label === 'Subtitles');
      return Array.from(t?.cues ?? []).map((c) => ({ line: c.line, shown: c.getCueAsHTML().textContent }));
    });
    assert.deepEqual(track, [
      { line: 0, shown: 'On-screen text below.' },
      { line: 'auto', shown: 'a < b & c' },
    ]);
    await page.close();
  });
});
