import * as vscode from 'vscode';
import type { Services } from '../services';
import { walkthroughId } from '../walkthrough/firstRun';

/** Get Started: opens the Getting Started walkthrough, which VS Code otherwise shows only once. */
export function getStarted(_s: Services) {
  return async (): Promise<void> => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId, false);
  };
}
