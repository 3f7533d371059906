import * as vscode from 'vscode';
import type { Region } from '../../core/job';
import * as msg from '../messages';
import type { Services } from '../services';
import { readSettings } from '../settings';

/** Clear API Key: forgets the configured region's key (or `region`'s, when a caller passes one). */
export function clearApiKey(s: Services) {
  return async (region?: unknown): Promise<boolean> => {
    const target: Region = region === 'beijing' || region === 'singapore' ? region : readSettings().region;
    const had = (await s.keys.get(target)) !== undefined;
    await s.keys.clear(target);
    void vscode.window.showInformationMessage(had ? msg.keyCleared(target) : msg.noKeyStored(target));
    return had;
  };
}
