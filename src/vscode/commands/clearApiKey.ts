import * as vscode from 'vscode';
import * as msg from '../messages';
import type { Services } from '../services';
import { regionOrSetting } from '../settings';

/** Clear API Key: forgets the configured region's key (or `region`'s, when a caller passes one). */
export function clearApiKey(s: Services) {
  return async (region?: unknown): Promise<boolean> => {
    const target = regionOrSetting(region);
    const had = (await s.keys.get(target)) !== undefined;
    await s.keys.clear(target);
    void vscode.window.showInformationMessage(had ? msg.keyCleared(target) : msg.noKeyStored(target));
    return had;
  };
}
