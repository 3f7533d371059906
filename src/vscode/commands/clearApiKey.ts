import * as msg from '../messages';
import { showNotice } from '../notices';
import type { Services } from '../services';
import { regionOrSetting } from '../settings';

/** What an automation caller may pass to Clear API Key. */
export interface ClearKeyOptions {
  /** Ask before removing the key; default true. Pass false to remove it without a question. */
  confirm?: boolean;
}

/**
 * Clear API Key: forgets the configured region's key (or `region`'s, when a caller passes one),
 * after asking, since the command sits next to Translate Media in the palette and one Enter too
 * many must not delete a key. `executeCommand(id, region?, { confirm: false })` (or the options
 * alone) removes it without asking. Resolves with whether a key was removed.
 */
export function clearApiKey(s: Services) {
  return async (first?: unknown, second?: unknown): Promise<boolean> => {
    const options = asOptions(first) ?? asOptions(second) ?? {};
    const target = regionOrSetting(typeof first === 'string' ? first : undefined);
    const had = (await s.keys.get(target)) !== undefined;
    if (!had) {
      void showNotice('info', msg.noKeyStored(target));
      return false;
    }
    if (options.confirm !== false) {
      const answer = await showNotice('warning', msg.confirmClearKey(target), [msg.removeKey()]);
      if (answer !== msg.removeKey()) return false;
    }
    await s.keys.clear(target);
    void showNotice('info', msg.keyCleared(target));
    return true;
  };
}

function asOptions(arg: unknown): ClearKeyOptions | undefined {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) ? (arg as ClearKeyOptions) : undefined;
}
