import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IfExists } from '../../core/job';
import * as msg from '../messages';
import type { IfOutputExists } from '../settings';

/**
 * Decides what the engine does with outputs that already exist, per `mediaTranslate.ifOutputExists`:
 * overwrite, keep both (numbered names), or ask with a modal (Overwrite / Keep Both / Cancel).
 * Undefined when the person cancels. With nothing in the way the engine is told to fail rather than
 * overwrite, so a file that appears meanwhile is never lost.
 */
export async function pickIfExists(setting: IfOutputExists, planned: readonly string[]): Promise<IfExists | undefined> {
  if (setting === 'overwrite') return 'overwrite';
  if (setting === 'keepBoth') return 'keepBoth';
  const existing = planned.filter((p) => fs.existsSync(p));
  if (existing.length === 0) return 'fail';
  const answer = await vscode.window.showWarningMessage(
    msg.outputsExist(existing.map((p) => path.basename(p))),
    { modal: true, detail: msg.outputsExistDetail() },
    msg.overwrite(),
    msg.keepBoth(),
  );
  if (answer === msg.overwrite()) return 'overwrite';
  if (answer === msg.keepBoth()) return 'keepBoth';
  return undefined;
}
