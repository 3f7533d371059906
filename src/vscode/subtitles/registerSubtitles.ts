import * as vscode from 'vscode';
import type { Log } from '../log';
import { SubtitleActions } from './subtitleActions';
import { SubtitleAnalyses, subtitleSelector } from './subtitleAnalyses';
import { SubtitleDiagnostics } from './subtitleDiagnostics';
import { SubtitleSymbols } from './subtitleSymbols';

/** Subtitle files as documents: checks in the Problems panel, quick fixes, outline and folding. The caller owns the disposables. */
export function registerSubtitles(log: Log): vscode.Disposable[] {
  const analyses = new SubtitleAnalyses();
  const symbols = new SubtitleSymbols(analyses);
  return [
    analyses,
    new SubtitleDiagnostics(analyses, log),
    vscode.languages.registerDocumentSymbolProvider(subtitleSelector, symbols, { label: vscode.l10n.t('Cues') }),
    vscode.languages.registerFoldingRangeProvider(subtitleSelector, symbols),
    vscode.languages.registerCodeActionsProvider(subtitleSelector, new SubtitleActions(analyses), {
      providedCodeActionKinds: SubtitleActions.kinds,
    }),
  ];
}
