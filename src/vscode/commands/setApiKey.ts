import * as vscode from 'vscode';
import * as msg from '../messages';
import type { Services } from '../services';
import { regionOrSetting } from '../settings';

/**
 * Set API Key: asks with a password box and stores the key for the configured region in
 * SecretStorage. `executeCommand(id, key, region?)` stores `key` without asking (and rejects when
 * it is unusable).
 */
export function setApiKey(s: Services) {
  return async (key?: unknown, region?: unknown): Promise<boolean> => {
    const target = regionOrSetting(region);
    if (typeof key === 'string') {
      await s.keys.set(target, key);
      return true;
    }
    const stored = await s.keys.ask(target);
    if (stored === undefined) return false;
    void vscode.window.showInformationMessage(msg.keySaved(target));
    return true;
  };
}
