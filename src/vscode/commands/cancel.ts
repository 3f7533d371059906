import * as vscode from 'vscode';
import * as msg from '../messages';
import type { Services } from '../services';

/**
 * Cancel Translation: stops every run in progress, as the notification's Cancel button does.
 * Finished pieces stay cached. Resolves with the number of runs stopped.
 */
export function cancel(s: Services) {
  return (): number => {
    const stopped = s.runs.cancelAll();
    if (stopped === 0) void vscode.window.showInformationMessage(msg.nothingRunning());
    return stopped;
  };
}
