// What the UI scripts (test/vscode/ui/*.mjs) share: a fresh code-server session opened in headless
// Chromium through playwright-core, its teardown and report, and the moves a person makes in the
// workbench (the command palette, the explorer, context menus, notifications, the API key box).
// code-server itself is started and stopped by ../host/codeServer.mjs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
  CodeServerSession,
  chromiumFlags,
  chromiumPath,
  codeServerEntry,
  repoRoot,
  stopOnExit,
  summaryLine,
} from '../host/codeServer.mjs';
import { StopRun } from './checks.mjs';

export { repoRoot };

/** Where the scripts that load the extension from the repository put their screenshots. */
export const artifactsDir = path.join(repoRoot, 'test-artifacts');

const require = createRequire(import.meta.url);

/** `--extension DIR` (the extension to load, the repository by default) and `--keep` (the temporary folder). */
export function workbenchArgs() {
  const { values } = parseArgs({
    options: {
      extension: { type: 'string', default: repoRoot },
      keep: { type: 'boolean', default: false },
    },
  });
  return values;
}

/**
 * When a compiled file a script needs is missing, says so with the command that makes it, prints the
 * failed summary and returns true.
 * @param {[file: string, fix: string][]} needed files relative to the repository, or absolute
 */
export function reportMissingBuild(needed) {
  const missing = needed.find(([file]) => !fs.existsSync(path.resolve(repoRoot, file)));
  if (!missing) return false;
  console.log(`  ✘ ${missing[0]} is missing: run \`${missing[1]}\` first.`);
  console.log(summaryLine({ passed: 0, failed: 1 }));
  return true;
}

/** A module of the repository compiled to CommonJS (out/…), such as the fakes the scripts run against. */
export function loadCompiled(file) {
  return require(path.join(repoRoot, file));
}

/** A folder of screenshots; with `numbered`, names are prefixed with their place in the order taken. */
export class Screenshots {
  constructor(dir, { numbered = false } = {}) {
    this.dir = dir;
    this.numbered = numbered;
    this.taken = 0;
    fs.mkdirSync(dir, { recursive: true });
  }

  /**
   * Removes this script's screenshots of an earlier run, which would mislead.
   * @param {RegExp | string[]} which a pattern, or the file names
   */
  clear(which) {
    for (const f of fs.readdirSync(this.dir)) {
      if (Array.isArray(which) ? which.includes(f) : which.test(f)) fs.rmSync(path.join(this.dir, f), { force: true });
    }
  }

  /** Screenshots the page as NAME.png; resolves with the file. */
  async take(page, name) {
    const prefix = this.numbered ? `${String(++this.taken).padStart(2, '0')}-` : '';
    const file = path.join(this.dir, `${prefix}${name}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  /** The folder as the report names it, with an optional file pattern. */
  where(pattern = '') {
    return `${path.relative(process.cwd(), this.dir) || '.'}/${pattern}`;
  }
}

/**
 * Runs one UI script: a fresh code-server session (stopped on exit or Ctrl-C), the script's `body`, then
 * the teardown and the report, whose last line is the summary test/run.mjs reads. Resolves with the
 * exit code.
 *
 * `body` gets the session, the checks, `open(options)` (starts code-server and opens the workbench in
 * Chromium, see openWorkbench), `startFakeApi(options)` (the local fake of the API, which the user
 * settings then point at) and `onTeardown(fn)`. An error thrown outside a check counts as one failure
 * under `crashLabel`, with code-server's last log lines.
 *
 * @param {{
 *   prefix: string,
 *   keep?: boolean,
 *   checks: import('./checks.mjs').Checks,
 *   displayLanguage?: string,
 *   crashLabel?: string,
 *   shotsPattern?: string,
 *   report?: () => void,
 * }} options `displayLanguage` (e.g. 'zh-cn') is the workbench's and the browser's; `shotsPattern`
 *   narrows the report's "Screenshots in" line; `report` prints more lines just before it.
 */
export async function runWorkbenchChecks(options, body) {
  const { prefix, keep = false, checks, displayLanguage, crashLabel = 'the workbench did not load', shotsPattern, report } = options;
  const session = new CodeServerSession({ prefix });
  stopOnExit(session);
  // VS Code reads the display language from argv.json in the user settings folder.
  if (displayLanguage) fs.writeFileSync(path.join(session.userData, 'User/argv.json'), JSON.stringify({ locale: displayLanguage }, null, 2));
  const teardown = [];
  let browser;
  const context = {
    session,
    checks,
    onTeardown: (fn) => teardown.push(fn),
    open: async (openOptions = {}) => {
      const opened = await openWorkbench(session, { displayLanguage, ...openOptions });
      browser = opened.browser;
      checks.page = opened.page;
      return opened.page;
    },
    startFakeApi: async (apiOptions) => {
      const { startFakeApi } = loadCompiled('out/test/fakes/fakeApi.js');
      const api = await startFakeApi(apiOptions);
      teardown.push(() => api.close());
      updateUserSettings(session, {
        'mediaTranslate.baseUrl': api.baseUrl,
        // The fake API's port would otherwise show up as a forwarded port.
        'remote.autoForwardPorts': false,
      });
      return api;
    },
  };
  try {
    await body(context);
  } catch (e) {
    if (!(e instanceof StopRun)) await checks.crash(crashLabel, e);
    if (checks.failed) console.error(`--- code-server log (last lines) ---\n${session.logTail(30)}`);
  } finally {
    await browser?.close().catch(() => {});
    for (const fn of teardown) await Promise.resolve().then(fn).catch(() => {});
    await session.stop({ keep });
    if (keep) console.log(`Kept ${session.root}`);
  }
  report?.();
  console.log(`Screenshots in ${checks.shots.where(shotsPattern)}`);
  console.log(checks.summary());
  return checks.failed ? 1 : 0;
}

/**
 * Starts the session's code-server and opens its workbench in headless Chromium.
 * @param {CodeServerSession} session
 * @param {{
 *   extensionDevelopmentPath?: string,
 *   displayLanguage?: string,
 *   viewport?: { width: number, height: number },
 *   chromiumArgs?: string[],
 *   waitForWorkbench?: boolean,
 * }} [options] without `extensionDevelopmentPath` the URL carries no payload, so only installed
 *   extensions run; `waitForWorkbench: false` returns once the page is asked for, for callers that
 *   wait for something of their own.
 */
export async function openWorkbench(session, options = {}) {
  const { extensionDevelopmentPath, displayLanguage, viewport = { width: 1280, height: 800 }, chromiumArgs = [], waitForWorkbench: wait = true } = options;
  await session.start();
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumFlags, ...chromiumArgs], env: session.env() });
  try {
    const page = await browser.newPage({ viewport, ...(displayLanguage ? { locale: browserLocale(displayLanguage) } : {}) });
    await page.goto(session.workbenchUrl(extensionDevelopmentPath ? { extensionDevelopmentPath: path.resolve(extensionDevelopmentPath) } : {}));
    if (wait) await waitForWorkbench(page);
    return { browser, page };
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
}

/** VS Code's 'zh-cn' is the browser's 'zh-CN'. */
function browserLocale(language) {
  return language.replace(/-(\w+)$/, (_, region) => `-${region.toUpperCase()}`);
}

export async function waitForWorkbench(page) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

/** Merges values into the session's user settings.json. */
export function updateUserSettings(session, values) {
  const file = path.join(session.userData, 'User/settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...settings, ...values }, null, 2));
}

/** Runs code-server's CLI (install or list extensions) against the session's folders. */
export function codeServerCli(session, args, { cwd } = {}) {
  return spawnSync(
    process.execPath,
    [codeServerEntry, '--user-data-dir', session.userData, '--extensions-dir', session.extensionsDir, ...args],
    { cwd, encoding: 'utf8', env: session.env(), timeout: 120_000 },
  );
}

/** The explorer's row of a file or folder. */
export function explorerRow(page, name) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`).first();
}

/** Double-clicks a file in the explorer and waits for its editor. */
export async function openFromExplorer(page, name) {
  const row = explorerRow(page, name);
  await row.waitFor({ timeout: 30_000 });
  await row.dblclick();
  await page.locator('.editor-instance .view-lines').first().waitFor({ timeout: 30_000 });
}

/** The input box of the command palette and the other quick inputs. */
export function quickInput(page) {
  return page.locator('.quick-input-widget input.input').first();
}

/**
 * F1, type the command, Enter on the match. The remote extension host announces the extension's
 * commands a few seconds after the workbench shows, and an open palette does not pick them up later,
 * so the palette is reopened until the command is its focused row or the wait runs out; a failure lists what
 * the palette offered under the command's category.
 * @param {{ beforeEnter?: () => Promise<unknown> }} [options] e.g. a screenshot of the palette
 */
export async function runFromPalette(page, command, { beforeEnter } = {}) {
  const deadline = Date.now() + 30_000;
  const input = quickInput(page);
  const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: command }).first();
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
  await beforeEnter?.();
  await page.keyboard.press('Enter');
}

/** "Media Translate: Set API Key" from the palette, the key typed into its password box and saved. */
export async function setApiKey(page, key) {
  await runFromPalette(page, 'Media Translate: Set API Key');
  const box = page.locator('.quick-input-widget input[type="password"]');
  await box.waitFor({ timeout: 20_000 });
  // The box can take focus a moment after it shows; the key is typed again until it holds all of it.
  for (let attempt = 0; attempt < 5 && (await box.inputValue()) !== key; attempt++) {
    await box.fill(key);
    await page.waitForTimeout(200);
  }
  await box.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

export function contextMenu(page) {
  return page.locator('.context-view .monaco-menu').first();
}

/**
 * Right-clicks `row` until its menu lists `label` or `timeoutMs` pass, and resolves with the labels of
 * the menu it leaves open. The workbench learns an extension's menus only once the remote extension host
 * has scanned it, a few seconds after the explorer shows, so the menu is reopened until then.
 */
export async function openContextMenu(page, row, label, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const menu = contextMenu(page);
  for (;;) {
    await row.click({ button: 'right' });
    // Locators pierce the menu's shadow root.
    await menu.waitFor({ timeout: 10_000 });
    const labels = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    if (labels.includes(label) || Date.now() >= deadline) return labels;
    await closeContextMenu(page);
    await page.waitForTimeout(1000);
  }
}

export async function closeContextMenu(page) {
  await page.keyboard.press('Escape');
  await contextMenu(page).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
}

/** Waits for a notification toast whose text has `text` (a string or a pattern); resolves with its text. */
export async function waitForNotification(page, text, timeoutMs) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout: timeoutMs });
  return (await toast.innerText()).replace(/\s+/g, ' ').trim();
}

/** Clears every notification toast that shows. */
export async function closeNotifications(page) {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  for (let i = (await toasts.count()) - 1; i >= 0; i--) {
    await toasts.nth(i).hover().catch(() => {});
    await toasts.nth(i).locator('.codicon-notifications-clear').click({ timeout: 2000 }).catch(() => {});
  }
}
