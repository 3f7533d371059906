import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/**
 * Hands VS Code's bundle for the display language to `@vscode/l10n`, which the modules without a
 * `vscode` import (messages.ts) translate with. Without a bundle (English, or a language with no
 * translation) both say the English text in the code.
 */
export function useDisplayLanguage(): void {
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
}
