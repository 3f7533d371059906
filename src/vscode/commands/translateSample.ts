import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from './commandIds';
import * as msg from '../messages';
import type { Services } from '../services';

/** The name the sample gets where it is translated. */
export const sampleName = 'media-translate-sample.wav';

/**
 * Translate the Sample: copies the few seconds of speech that ship with the extension into the
 * first workspace folder (or, with no folder open, the extension's own storage) and runs Translate
 * Media on the copy, so a newcomer sees real output without looking for a file. The copy is made
 * because the outputs are written beside the source, and the extension's folder is not the user's.
 * `executeCommand(id, options)` passes Translate Media's automation options on. Resolves with the
 * URIs Translate Media resolves with.
 */
export function translateSample(s: Services) {
  return async (options?: unknown): Promise<vscode.Uri[]> => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.join(s.context.globalStorageUri.fsPath, 'sample');
    const target = path.join(folder, sampleName);
    await fs.mkdir(folder, { recursive: true });
    try {
      await fs.copyFile(vscode.Uri.joinPath(s.context.extensionUri, 'media', 'sample.wav').fsPath, target, fs.constants.COPYFILE_EXCL);
      s.log.info(msg.sampleCopied(sampleName, folder));
    } catch (e) {
      // A copy from an earlier run is the same sample, and may carry the person's translations beside it.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const uri = vscode.Uri.file(target);
    return (await vscode.commands.executeCommand<vscode.Uri[]>(Command.translateMedia, uri, options)) ?? [];
  };
}
