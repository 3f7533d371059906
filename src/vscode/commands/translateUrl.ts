import * as path from 'node:path';
import * as vscode from 'vscode';
import { TranslateError } from '../../core/errors';
import type { RunSummary } from '../../core/events';
import type { IfExists } from '../../core/job';
import { isHttpUrl, urlOutputFormats } from '../../core/options/httpUrl';
import { findLanguage } from '../../core/options/languages';
import * as msg from '../messages';
import { languageName } from '../names';
import { pickIfExists } from '../pick/pickIfExists';
import { pickOptions } from '../pick/pickOptions';
import { buildJob, type Choices } from '../run/buildJob';
import { translateUrlLazily } from '../run/engine';
import { runTranslation } from '../run/runTranslation';
import type { Services } from '../services';
import { readSettings, type Settings } from '../settings';
import { showFailure, showFinished } from '../showFailure';
import { asOptions, choicesFrom, writtenUris } from './automation';

/**
 * Translate Media from URL: a public link goes to the API as is, in one request, and the text (and
 * speech) is written into the first workspace folder (or one the person picks), named after the
 * link's file. `executeCommand(id, url, { targetLanguage, folder? })` runs without prompts.
 */
export function translateUrl(s: Services) {
  return async (urlArg?: unknown, optionsArg?: unknown): Promise<vscode.Uri[]> => {
    const options = asOptions(optionsArg);
    if (options && typeof urlArg === 'string') {
      const folder = typeof options.folder === 'string' ? options.folder : (options.folder?.fsPath ?? firstFolder());
      if (!folder) throw new Error(msg.urlNeedsFolder());
      const settings = readSettings(vscode.Uri.file(folder));
      const apiKey = (await s.keys.get(settings.region)) ?? '';
      s.log.protect(apiKey);
      const summary = await run(s, urlArg, folder, choicesFrom(options, settings), settings, { apiKey, ifExists: 'overwrite' });
      return writtenUris(summary);
    }
    let settings = readSettings();
    let started = false;
    let retry: (() => Promise<unknown>) | undefined;
    let name = vscode.l10n.t('the linked media');
    try {
      const url = await vscode.window.showInputBox({
        title: vscode.l10n.t('Translate Media from URL'),
        prompt: vscode.l10n.t('A public link to an audio or video file. The API downloads it itself; nothing is uploaded from here.'),
        placeHolder: 'https://example.com/talk.mp4',
        value: typeof urlArg === 'string' ? urlArg : undefined,
        ignoreFocusOut: true,
        validateInput: (v) => (isHttpUrl(v.trim()) ? undefined : msg.notAnHttpUrl()),
      });
      if (!url) return [];
      const folder = firstFolder() ?? (await pickFolder());
      if (!folder) return [];
      settings = readSettings(vscode.Uri.file(folder));
      const choices = await pickOptions(settings, s.context.globalState);
      if (!choices) return [];
      const apiKey = await s.keys.getOrAsk(settings.region);
      if (!apiKey) return [];
      s.log.protect(apiKey);
      const link = url.trim();
      const base = outBase(link, folder);
      // The files the engine will write, whatever the formats setting says (a link gives no subtitles).
      const planned = urlOutputFormats(choices.voice).map((f) => `${base}.${choices.targetLanguage}.${f}`);
      const ifExists = await pickIfExists(settings.ifOutputExists, planned);
      if (!ifExists) return [];
      started = true;
      name = path.basename(base);
      const runSettings = settings;
      retry = () => again(s, link, folder, choices, runSettings, ifExists);
      const summary = await run(s, link, folder, choices, settings, { apiKey, ifExists });
      void showFinished(path.basename(base), summary);
      return writtenUris(summary);
    } catch (e) {
      // A run logs its own failure (and a cancel as a plain line); only what fails before it is logged here.
      if (!started && !TranslateError.is(e, 'cancelled')) s.log.error('Translate Media from URL failed', e);
      void showFailure(s, e, { name, settings, retry });
      return [];
    }
  };
}

/** Retry from a failure message: the same link, folder and choices, with the key stored by then. */
async function again(s: Services, url: string, folder: string, choices: Choices, settings: Settings, ifExists: IfExists): Promise<void> {
  const retry = (): Promise<void> => again(s, url, folder, choices, settings, ifExists);
  try {
    const apiKey = await s.keys.getOrAsk(settings.region);
    if (!apiKey) return;
    s.log.protect(apiKey);
    const summary = await run(s, url, folder, choices, settings, { apiKey, ifExists });
    void showFinished(path.basename(outBase(url, folder)), summary);
  } catch (e) {
    void showFailure(s, e, { name: path.basename(outBase(url, folder)), settings, retry });
  }
}

function run(s: Services, url: string, folder: string, choices: Choices, settings: Settings, ctx: { apiKey: string; ifExists: IfExists }): Promise<RunSummary> {
  const { input: _input, ...job } = buildJob(url, choices, settings, { ...ctx, storage: s.context.globalStorageUri });
  const base = outBase(url, folder);
  return runTranslation(s, {
    name: path.basename(base),
    languageName: nameOf(choices.targetLanguage),
    liveName: `${path.basename(base)}.${choices.targetLanguage}.txt`,
    openAfter: settings.openAfterTranslation === 'none' ? 'none' : 'txt',
    prices: settings.prices,
    openIn: settings.openResultsIn,
    start: (signal) => translateUrlLazily(url, { ...job, outBase: base }, signal),
  });
}

/** The output path without extension: the folder plus the link's file name without its extension. */
export function outBase(url: string, folder: string): string {
  let name = 'media';
  try {
    const last = decodeURIComponent(path.posix.basename(new URL(url).pathname));
    name = last.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '') || 'media';
  } catch {
    // A link that does not parse keeps the plain name; the engine rejects the link itself.
  }
  return path.join(folder, name);
}

function firstFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder?.uri.fsPath;
}

async function pickFolder(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Where should the translation be saved?'),
    openLabel: vscode.l10n.t('Save Here'),
    canSelectFiles: false,
    canSelectFolders: true,
  });
  return picked?.[0]?.fsPath;
}

/** The target's name in the display language, or its code when the core does not know it. */
function nameOf(code: string): string {
  const language = findLanguage(code);
  return language ? languageName(language) : code;
}
