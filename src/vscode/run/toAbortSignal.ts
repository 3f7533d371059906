import type * as vscode from 'vscode';

/**
 * The one place where VS Code's cancellation becomes the engine's: an AbortSignal that fires when
 * the token is cancelled (the notification's Cancel button) or `abort()` is called (the Cancel
 * command). Dispose it when the run ends to detach from the token.
 */
export interface RunAbort extends vscode.Disposable {
  readonly signal: AbortSignal;
  abort(): void;
}

/** Turns a CancellationToken into an AbortSignal, once per run. */
export function toAbortSignal(token: vscode.CancellationToken): RunAbort {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return {
    signal: controller.signal,
    abort: () => controller.abort(),
    dispose: () => listener.dispose(),
  };
}
