import * as vscode from 'vscode';
import { isTranslatingContext } from '../commands/commandIds';
import type { RunAbort } from './toAbortSignal';

/**
 * Knows which runs are in progress, so the Cancel command can stop them and the
 * `mediaTranslate.isTranslating` context key can show that command only while one runs.
 */
export class RunRegistry implements vscode.Disposable {
  private readonly runs = new Set<RunAbort>();

  /** Records a run until the returned disposable is disposed. */
  add(run: RunAbort): vscode.Disposable {
    this.runs.add(run);
    this.updateContext();
    return new vscode.Disposable(() => {
      this.runs.delete(run);
      this.updateContext();
    });
  }

  /** Aborts every run in progress and says how many there were. */
  cancelAll(): number {
    const count = this.runs.size;
    for (const run of this.runs) run.abort();
    return count;
  }

  dispose(): void {
    this.cancelAll();
    this.runs.clear();
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', isTranslatingContext, this.runs.size > 0);
  }
}
