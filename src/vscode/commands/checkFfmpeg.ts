import * as vscode from 'vscode';
import { runTool } from '../../core/tools/ffmpeg';
import * as msg from '../messages';
import type { Services } from '../services';
import { readSettings } from '../settings';

/**
 * Check ffmpeg: runs `ffmpeg -version` with the configured program and says what it found; when it
 * finds none, offers to set `mediaTranslate.ffmpegPath`. The walkthrough's step completes on the answer.
 * Resolves with whether ffmpeg was found.
 */
export function checkFfmpeg(s: Services) {
  return async (): Promise<boolean> => {
    const bin = readSettings().ffmpegPath;
    const version = await ffmpegVersion(bin);
    s.firstRun.ffmpeg(version !== undefined);
    if (version) {
      void vscode.window.showInformationMessage(msg.ffmpegFound(version, bin));
      return true;
    }
    s.log.info(`ffmpeg -version failed for "${bin}"`);
    const choice = await vscode.window.showWarningMessage(msg.ffmpegNotFound(bin), msg.setFfmpegPath());
    if (choice === msg.setFfmpegPath()) await vscode.commands.executeCommand('workbench.action.openSettings', 'mediaTranslate.ffmpegPath');
    return false;
  };
}

/** The first line of `ffmpeg -version` (such as "ffmpeg version 7.1.1"), or undefined when it does not run. */
export async function ffmpegVersion(bin: string): Promise<string | undefined> {
  try {
    const result = await runTool(bin, ['-hide_banner', '-version'], { maxStdoutBytes: 64 * 1024 });
    if (result.code !== 0) return undefined;
    const first = result.stdout.toString('utf8').split(/\r?\n/)[0]?.trim() ?? '';
    return /^ffmpeg version \S+/.exec(first)?.[0] ?? (first || undefined);
  } catch {
    return undefined;
  }
}
