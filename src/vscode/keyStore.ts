import * as vscode from 'vscode';
import type { Region } from '../core/job';
import * as msg from './messages';

const keyPrefix = 'mediaTranslate.apiKey.';

/**
 * Owns the API keys, one per region (a Singapore key is rejected in Beijing and the other way
 * round). Keys live only in VS Code's SecretStorage: never in settings, files or logs.
 */
export class KeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The secret's name for a region, e.g. `mediaTranslate.apiKey.singapore`. */
  static secretName(region: Region): string {
    return keyPrefix + region;
  }

  /** The stored key for `region`, or undefined. */
  async get(region: Region): Promise<string | undefined> {
    const key = await this.secrets.get(KeyStore.secretName(region));
    return key?.trim() || undefined;
  }

  /** Stores a key after checking its shape; throws a plain Error with a sentence when it is unusable. */
  async set(region: Region, key: string): Promise<void> {
    const problem = validateKey(key);
    if (problem) throw new Error(problem);
    await this.secrets.store(KeyStore.secretName(region), key.trim());
  }

  /** Forgets the key for `region`. */
  async clear(region: Region): Promise<void> {
    await this.secrets.delete(KeyStore.secretName(region));
  }

  /** Asks for a key with a password box and stores it; undefined when the person cancels. */
  async ask(region: Region): Promise<string | undefined> {
    const key = await vscode.window.showInputBox({
      title: msg.keyPromptTitle(region),
      prompt: msg.keyPrompt(region),
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => validateKey(value),
    });
    if (key === undefined) return undefined;
    await this.set(region, key);
    return key.trim();
  }

  /** The stored key, asking once (and storing the answer) when there is none. */
  async getOrAsk(region: Region): Promise<string | undefined> {
    return (await this.get(region)) ?? (await this.ask(region));
  }
}

/** A sentence saying why `key` cannot be a key, or undefined when it looks usable. */
export function validateKey(key: string): string | undefined {
  const trimmed = key.trim();
  if (trimmed.length === 0) return msg.keyEmpty();
  if (/\s/.test(trimmed)) return msg.keyHasSpaces();
  if (/[^\x21-\x7e]/.test(trimmed)) return msg.keyNotAscii();
  return undefined;
}
