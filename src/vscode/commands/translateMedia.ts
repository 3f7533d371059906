import * as path from 'node:path';
import * as vscode from 'vscode';
import { TranslateError } from '../../core/errors';
import type { RunSummary } from '../../core/events';
import type { IfExists } from '../../core/job';
import { findLanguage } from '../../core/options/languages';
import * as msg from '../messages';
import { languageName } from '../names';
import { pickAudioTrack } from '../pick/pickAudioTrack';
import { pickIfExists } from '../pick/pickIfExists';
import { pickMedia, resolveTargets } from '../pick/pickMedia';
import { pickOptions } from '../pick/pickOptions';
import { buildJob, plannedOutputs, type Choices } from '../run/buildJob';
import { translateLazily } from '../run/engine';
import { confirmCost, RunEstimates } from '../run/runCost';
import { runTranslation } from '../run/runTranslation';
import type { Services } from '../services';
import { readSettings, type Settings } from '../settings';
import { showFailure, showFinished } from '../showFailure';
import { asOptions, choicesFrom, selectedUris, writtenUris, type TranslateOptions } from './automation';

/**
 * Translate Media. From the explorer or a preview: the clicked file(s) or folder(s), one after
 * another. From the palette: a Quick Pick of the workspace's media. With an options object as the
 * second argument it runs without any prompt, overwrites its own outputs, resolves with the URIs
 * written and rejects on failure (the automation contract); otherwise failures become messages.
 */
export function translateMedia(s: Services) {
  return async (first?: unknown, second?: unknown): Promise<vscode.Uri[]> => {
    const options = asOptions(second);
    if (options) return translateAutomated(s, selectedUris(first, undefined), options);
    try {
      return await translateInteractive(s, selectedUris(first, second));
    } catch (e) {
      s.log.error('Translate Media failed', e);
      void showFailure(s, e, { name: vscode.l10n.t('the media'), settings: readSettings() });
      return [];
    }
  };
}

async function translateAutomated(s: Services, uris: vscode.Uri[], options: TranslateOptions): Promise<vscode.Uri[]> {
  const { files, skipped } = await resolveTargets(uris);
  if (files.length === 0) throw new TranslateError('fileNotFound', skipped[0] ?? msg.noMediaInSelection());
  const settings = readSettings(uris[0]);
  const choices = choicesFrom(options, settings);
  const apiKey = (await s.keys.get(settings.region)) ?? '';
  s.log.protect(apiKey);
  const written: vscode.Uri[] = [];
  for (const file of files) {
    const summary = await translateFile(s, file, choices, settings, { apiKey, ifExists: 'overwrite' });
    written.push(...writtenUris(summary));
  }
  return written;
}

async function translateInteractive(s: Services, selected: vscode.Uri[]): Promise<vscode.Uri[]> {
  const files = selected.length > 0 ? await filesFromSelection(selected) : await pickMedia();
  if (!files?.length) return [];
  const settings = readSettings(vscode.Uri.file(files[0]));
  const estimates = new RunEstimates(files, settings);
  const choices = await pickOptions(settings, s.context.globalState, (speech) => estimates.line(speech));
  if (!choices) return [];
  const apiKey = await s.keys.getOrAsk(settings.region);
  if (!apiKey) return [];
  s.log.protect(apiKey);
  const written: vscode.Uri[] = [];
  for (const file of files) {
    const audioTrack = await pickAudioTrack(file, settings);
    if (audioTrack === 'cancelled') continue;
    const ifExists = await pickIfExists(settings.ifOutputExists, plannedOutputs(file, choices.targetLanguage, choices.formats));
    if (!ifExists) continue;
    if (!(await confirmCost(file, await estimates.forFile(file, choices.voice !== undefined), settings))) continue;
    const summary = await attempt(s, file, { ...choices, audioTrack }, settings, ifExists, apiKey);
    if (summary === 'stopBatch') break;
    if (summary) written.push(...writtenUris(summary));
  }
  return written;
}

/**
 * One interactive run of `file`: on success the finished message, on failure the failure message,
 * whose Retry runs the same file again with the same choices and the key stored by then (the
 * person may have just set a new one). 'stopBatch' when the next file would fail the same way.
 */
async function attempt(
  s: Services,
  file: string,
  choices: Choices,
  settings: Settings,
  ifExists: IfExists,
  apiKey: string | undefined,
): Promise<RunSummary | 'stopBatch' | undefined> {
  const name = path.basename(file);
  try {
    const key = apiKey ?? (await s.keys.getOrAsk(settings.region));
    if (!key) return undefined;
    s.log.protect(key);
    const summary = await translateFile(s, file, choices, settings, { apiKey: key, ifExists });
    void showFinished(name, summary);
    return summary;
  } catch (e) {
    // The message waits for a click; the batch goes on unless the next file would fail the same way.
    const retry = (): Promise<unknown> => attempt(s, file, choices, settings, ifExists, undefined);
    void showFailure(s, e, { name, file, settings, retry });
    return msg.stopsBatch(e) ? 'stopBatch' : undefined;
  }
}

/** Runs the engine on one file under the progress notification and the live displays. */
function translateFile(
  s: Services,
  file: string,
  choices: Choices,
  settings: Settings,
  ctx: { apiKey: string; ifExists: IfExists },
): Promise<RunSummary> {
  const job = buildJob(file, choices, settings, { ...ctx, storage: s.context.globalStorageUri });
  const stem = path.basename(file, path.extname(file));
  const shown = settings.openAfterTranslation === 'txt' ? 'txt' : 'srt';
  return runTranslation(s, {
    name: path.basename(file),
    languageName: nameOf(choices.targetLanguage),
    liveName: `${stem}.${choices.targetLanguage}.${shown}`,
    openAfter: settings.openAfterTranslation,
    prices: settings.prices,
    openIn: settings.openResultsIn,
    start: (signal) => translateLazily(job, signal),
  });
}

async function filesFromSelection(selected: vscode.Uri[]): Promise<string[]> {
  const { files, skipped } = await resolveTargets(selected);
  for (const reason of skipped) void vscode.window.showWarningMessage(reason);
  if (files.length === 0 && skipped.length === 0) void vscode.window.showWarningMessage(msg.noMediaInSelection());
  return files;
}

/** The target's name in the display language, or its code when the core does not know it. */
function nameOf(code: string): string {
  const language = findLanguage(code);
  return language ? languageName(language) : code;
}
