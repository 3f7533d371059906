import * as vscode from 'vscode';
import { Command } from './commands/commandIds';
import * as path from 'node:path';
import type { RunSummary } from '../core/events';
import { actionLabels, describeFailure, ffmpegInstallUrl, finished, finishedWithWarnings, exportDubbedVideo, revealInExplorer, type Action } from './messages';
import { showNotice } from './notices';
import type { Services } from './services';
import type { Settings } from './settings';

/** The run a failure message is about, and how to start it again. */
export interface FailureRun {
  name: string;
  /** The source's absolute path, which the message shortens to `name`. */
  file?: string;
  settings: Settings;
  /** Starts the same run again with the same choices; offered as Retry where that may help. */
  retry?: () => Promise<unknown>;
}

/**
 * Shows what went wrong in one sentence with next-step buttons, and runs the step the person picks.
 * The details were already logged by the run; "Show Log" opens that log.
 */
export async function showFailure(s: Services, e: unknown, ctx: FailureRun): Promise<void> {
  const failure = describeFailure(e, {
    name: ctx.name,
    file: ctx.file,
    region: ctx.settings.region,
    cached: ctx.settings.cacheFinishedPieces,
    baseUrl: ctx.settings.baseUrl,
    canRetry: ctx.retry !== undefined,
  });
  const labels = failure.actions.map((a) => actionLabels[a]);
  const picked = await showNotice(failure.level, failure.text, labels);
  const action = failure.actions.find((a) => actionLabels[a] === picked);
  if (action === 'retry') await ctx.retry?.();
  else if (action) await runAction(s, action);
}

/**
 * Says briefly what an interactive run wrote, with a button that reveals the files in the explorer.
 * Automation callers get the URIs instead, so they never see this.
 */
export async function showFinished(name: string, summary: RunSummary): Promise<void> {
  const files = Object.values(summary.files).filter((f): f is string => typeof f === 'string');
  const names = files.map((f) => path.basename(f));
  // The subtitles can be watched at once in the player, beside the source they translate.
  const subtitles = summary.files.srt ?? summary.files.vtt;
  // A video dubbed with speech and recorded can be exported at once, unless it was already.
  const exportable = summary.files.wav && summary.files.json && !summary.files.mp4 && /\.(mp4|mov|mkv|webm|avi)$/i.test(summary.input);
  const buttons = [...(subtitles ? [previewTranslation()] : []), ...(exportable ? [exportDubbedVideo()] : []), ...(files.length ? [revealInExplorer()] : [])];
  const picked =
    summary.warnings.length > 0
      ? await showNotice('warning', finishedWithWarnings(name, names, summary.warnings), buttons)
      : await showNotice('info', finished(name, names), buttons);
  if (picked === revealInExplorer()) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(files[0]));
  if (picked === previewTranslation() && subtitles) await vscode.commands.executeCommand(Command.preview, vscode.Uri.file(subtitles));
  if (picked === exportDubbedVideo() && summary.files.json) await vscode.commands.executeCommand(Command.exportDubbedVideo, vscode.Uri.file(summary.files.json));
}

/** The button on a finished run's message that opens its subtitles in the player. */
/** The button that opens the player on the finished translation. */
const previewTranslation = (): string => vscode.l10n.t('Preview Translation');

/** Performs one next step. */
export async function runAction(s: Services, action: Action): Promise<void> {
  switch (action) {
    case 'setApiKey':
      await vscode.commands.executeCommand(Command.setApiKey);
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:media-translate.media-translate');
      return;
    case 'showLog':
      s.log.show();
      return;
    case 'retry':
      // Retry needs the run it belongs to, which `showFailure` holds.
      return;
    case 'howToInstall':
      await vscode.env.openExternal(vscode.Uri.parse(ffmpegInstallUrl));
      return;
  }
}
