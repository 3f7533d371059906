import * as vscode from 'vscode';
import { clearCache as removeCachedPieces } from '../../core/run/pieceCache';
import * as msg from '../messages';
import { cacheDir } from '../run/buildJob';
import type { Services } from '../services';

/** Clear Cache of Finished Pieces: removes the pieces kept for resuming; resolves with how many. */
export function clearCache(s: Services) {
  return async (): Promise<number> => {
    const removed = await removeCachedPieces(cacheDir(s.context.globalStorageUri));
    s.log.info(`Cleared ${removed} cached pieces.`);
    void vscode.window.showInformationMessage(msg.cacheCleared(removed));
    return removed;
  };
}
