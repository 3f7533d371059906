import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { KeyStore } from './keyStore';
import { useDisplayLanguage } from './l10n';
import { Log } from './log';
import { LiveDocuments } from './run/liveDocuments';
import { RunRegistry } from './run/runRegistry';
import type { Services } from './services';
import { registerSubtitles } from './subtitles/registerSubtitles';
import { Transcript } from './transcript';

/**
 * Wires the extension together. Runs on the first Media Translate command or when a subtitle file
 * opens; does no work of its own.
 */
export function activate(context: vscode.ExtensionContext): void {
  useDisplayLanguage();
  const log = new Log(vscode.window.createOutputChannel('Media Translate Log', { log: true }));
  const transcript = new Transcript(vscode.window.createOutputChannel('Media Translate'));
  const keys = new KeyStore(context.secrets);
  const runs = new RunRegistry();
  const live = new LiveDocuments();
  const services: Services = { context, log, transcript, keys, runs, live };
  context.subscriptions.push(
    log,
    transcript,
    runs,
    live,
    vscode.workspace.registerTextDocumentContentProvider(LiveDocuments.scheme, live),
    ...registerCommands(services),
    ...registerSubtitles(log),
  );
}

/** Nothing to do: every disposable is owned by `context.subscriptions`, which also aborts running work. */
export function deactivate(): void {}
