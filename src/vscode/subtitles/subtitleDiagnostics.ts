import * as vscode from 'vscode';
import type { ProblemSeverity, SubtitleProblem } from '../../core/subtitles/subtitleDocument';
import type { Log } from '../log';
import { settingsSection } from '../settingKeys';
import { toRange, type SubtitleAnalyses } from './subtitleAnalyses';

/** What the Problems panel shows as the source of our diagnostics. */
export const diagnosticSource = 'Media Translate';

/** How long typing must pause before a document is checked again. */
export const checkDelayMs = 300;

/**
 * The Problems panel entries for every open `.srt` and `.vtt` document, whoever wrote it: checked
 * when it opens, again 300 ms after typing stops, and all again when the settings change; cleared
 * when it closes or the checks are turned off.
 */
export class SubtitleDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mediaTranslate.subtitles');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly analyses: SubtitleAnalyses,
    private readonly log: Log,
  ) {
    this.listeners = [
      vscode.workspace.onDidOpenTextDocument((doc) => void this.check(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.later(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.drop(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(settingsSection)) return;
        this.analyses.clear();
        this.checkAll();
      }),
    ];
    // Activation comes from opening a subtitle file, which is open already.
    this.checkAll();
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.listeners.forEach((l) => l.dispose());
    this.collection.dispose();
  }

  private checkAll(): void {
    for (const doc of vscode.workspace.textDocuments) void this.check(doc);
  }

  private later(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(doc);
      }, checkDelayMs),
    );
  }

  private async check(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    try {
      if (!this.analyses.shouldCheck(doc)) {
        this.collection.delete(doc.uri);
        return;
      }
      // Undefined when the document changed, closed or the settings did meanwhile: a newer check follows.
      const analysis = await this.analyses.analyseInSteps(doc);
      if (analysis && !doc.isClosed) this.collection.set(doc.uri, analysis.problems.map(toDiagnostic));
    } catch (e) {
      this.log.error(`Checking ${doc.uri.fsPath || doc.uri.toString()}`, e);
    }
  }

  private drop(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.analyses.forget(uri);
    this.collection.delete(uri);
  }
}

function toDiagnostic(problem: SubtitleProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(problem.range), problem.message, severities[problem.severity]);
  d.source = diagnosticSource;
  d.code = problem.code;
  return d;
}

const severities: Readonly<Record<ProblemSeverity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};
