import * as vscode from 'vscode';
import type { Services } from '../services';
import { cancel } from './cancel';
import { checkFfmpeg } from './checkFfmpeg';
import { clearApiKey } from './clearApiKey';
import { clearCache } from './clearCache';
import { Command, type CommandId } from './commandIds';
import { exportDubbedVideo } from './exportDubbedVideo';
import { getStarted } from './getStarted';
import { notices } from './notices';
import { openLastResult } from './openLastResult';
import { preview } from './preview';
import { retranslatePiece } from './retranslatePiece';
import { setApiKey } from './setApiKey';
import { showOutput } from './showOutput';
import { transcriptText } from './transcriptText';
import { translateMedia } from './translateMedia';
import { translateSample } from './translateSample';
import { translateUrl } from './translateUrl';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => unknown;

/**
 * One factory per command, each from its own file. The Record type makes a missing handler a
 * compile error, and the manifest test checks this table against package.json.
 */
function handlers(s: Services): Record<CommandId, Handler> {
  return {
    [Command.translateMedia]: translateMedia(s),
    [Command.translateUrl]: translateUrl(s),
    [Command.exportDubbedVideo]: exportDubbedVideo(s),
    [Command.setApiKey]: setApiKey(s),
    [Command.clearApiKey]: clearApiKey(s),
    [Command.showOutput]: showOutput(s),
    [Command.clearCache]: clearCache(s),
    [Command.cancel]: cancel(s),
    [Command.preview]: preview(s),
    [Command.retranslatePiece]: retranslatePiece(s),
    [Command.getStarted]: getStarted(s),
    [Command.checkFfmpeg]: checkFfmpeg(s),
    [Command.translateSample]: translateSample(s),
    [Command.openLastResult]: openLastResult(s),
    [Command.transcriptText]: transcriptText(s),
    [Command.notices]: notices(s),
  };
}

/** Registers every command; the caller owns the returned disposables. */
export function registerCommands(s: Services): vscode.Disposable[] {
  return Object.entries(handlers(s)).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
