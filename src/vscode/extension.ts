import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { KeyStore } from './keyStore';
import { useDisplayLanguage } from './l10n';
import { Log } from './log';
import { PreviewPanels } from './preview/previewPanels';
import { registerPreview } from './preview/registerPreview';
import { LiveDocuments } from './run/liveDocuments';
import { RunRegistry } from './run/runRegistry';
import type { Services } from './services';
import { registerSubtitles } from './subtitles/registerSubtitles';
import { registerTools } from './tools/registerTools';
import { Transcript } from './transcript';
import { FirstRun } from './walkthrough/firstRun';

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
  const previews = new PreviewPanels({ extensionUri: context.extensionUri, storageUri: context.globalStorageUri, log });
  const firstRun = new FirstRun(context);
  const services: Services = { context, log, transcript, keys, runs, live, previews, firstRun };
  context.subscriptions.push(
    log,
    transcript,
    runs,
    live,
    previews,
    firstRun,
    vscode.workspace.registerTextDocumentContentProvider(LiveDocuments.scheme, live),
    ...registerCommands(services),
    ...registerSubtitles(log),
    ...registerPreview(previews),
    ...registerTools(services),
  );
}

/** Nothing to do: every disposable is owned by `context.subscriptions`, which also aborts running work. */
export function deactivate(): void {}
