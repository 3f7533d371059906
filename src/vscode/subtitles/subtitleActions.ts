import * as vscode from 'vscode';
import { fixAllSafe } from '../../core/subtitles/fixAll';
import type { SubtitleFix } from '../../core/subtitles/subtitleDocument';
import { minimalEdit } from '../../core/subtitles/textEdits';
import { fixAllSafeTitle } from '../messages';
import { sameRange, toWorkspaceEdit, type SubtitleAnalyses } from './subtitleAnalyses';
import { diagnosticSource } from './subtitleDiagnostics';

/** A "fix all" whose edit is worked out only when it is chosen: it applies fixes round after round. */
class FixAllAction extends vscode.CodeAction {
  constructor(
    kind: vscode.CodeActionKind,
    readonly document: vscode.TextDocument,
  ) {
    super(fixAllSafeTitle(), kind);
  }
}

/**
 * Quick fixes for our diagnostics, each a WorkspaceEdit so Undo reverts it, and "Fix all safe
 * problems in file", offered both as a quick fix and as `source.fixAll` (for `editor.codeActionsOnSave`).
 */
export class SubtitleActions implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.SourceFixAll];

  constructor(private readonly analyses: SubtitleAnalyses) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const analysis = this.analyses.shouldCheck(doc) ? this.analyses.analyse(doc) : undefined;
    if (!analysis) return [];
    const actions: vscode.CodeAction[] = [];
    const ours = context.diagnostics.filter((d) => d.source === diagnosticSource);
    if (!context.only || context.only.contains(vscode.CodeActionKind.QuickFix)) {
      // Two problems of one cue may offer the same fix (merging a cue read too fast and too close
      // to the next): it is listed once, as the fix of both.
      const offered = new Map<string, vscode.CodeAction>();
      for (const diagnostic of ours) {
        const problem = analysis.problems.find((p) => p.code === diagnostic.code && sameRange(diagnostic.range, p.range));
        problem?.fixes.forEach((fix, k) => {
          const key = `${fix.title}\n${JSON.stringify(fix.edits)}`;
          const same = offered.get(key);
          if (same) {
            same.diagnostics?.push(diagnostic);
            return;
          }
          const action = quickFix(doc, fix, diagnostic, k === 0);
          offered.set(key, action);
          actions.push(action);
        });
      }
      if (ours.length > 0 && analysis.hasSafeFix()) actions.push(new FixAllAction(vscode.CodeActionKind.QuickFix, doc));
    }
    // Only when asked for (on save, or Source Action…), so the light bulb does not list it twice.
    const fixAllAsked = context.only?.contains(vscode.CodeActionKind.SourceFixAll) ?? false;
    if (fixAllAsked && analysis.hasSafeFix()) actions.push(new FixAllAction(vscode.CodeActionKind.SourceFixAll, doc));
    return actions;
  }

  resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
    if (!(action instanceof FixAllAction) || action.document.isClosed) return action;
    const analysis = this.analyses.analyse(action.document);
    if (!analysis) return action;
    const before = action.document.getText();
    const edit = minimalEdit(before, fixAllSafe(before, analysis.parsed.format, analysis.rules).text);
    action.edit = toWorkspaceEdit(action.document, edit ? [edit] : []);
    return action;
  }
}

function quickFix(doc: vscode.TextDocument, fix: SubtitleFix, diagnostic: vscode.Diagnostic, first: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.edit = toWorkspaceEdit(doc, fix.edits);
  action.diagnostics = [diagnostic];
  // The first safe fix is what Ctrl+. then Enter applies.
  action.isPreferred = first && fix.safe;
  return action;
}
