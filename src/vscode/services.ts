import type * as vscode from 'vscode';
import type { KeyStore } from './keyStore';
import type { Log } from './log';
import type { PreviewPanels } from './preview/previewPanels';
import type { LiveDocuments } from './run/liveDocuments';
import type { RunRegistry } from './run/runRegistry';
import type { Transcript } from './transcript';
import type { FirstRun } from './walkthrough/firstRun';

/** The long-lived parts every command uses, built once in `activate` and passed down. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly transcript: Transcript;
  readonly keys: KeyStore;
  readonly runs: RunRegistry;
  readonly live: LiveDocuments;
  /** The open Preview Translation players. */
  readonly previews: PreviewPanels;
  readonly firstRun: FirstRun;
}
