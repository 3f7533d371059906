import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const core = path.resolve(__dirname, '../../../src/core');

/** Code lines of a file, comments left out, with their line numbers. */
function codeLines(file: string): { n: number; text: string }[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ n: i + 1, text }))
    .filter(({ text }) => !/^\s*(\/\/|\*|\/\*\*)/u.test(text));
}

describe('the core says what happened, not how a UI would say it', () => {
  it('names no command-line flag, setting or VS Code command in any sentence', () => {
    const ui = /--[a-z]{2,}[a-z-]*|mediaTranslate\.[a-zA-Z]|\((CLI|VS Code)\)|Media Translate:|DASHSCOPE_API_KEY/u;
    const found: string[] = [];
    for (const file of fs.readdirSync(core, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'))) {
      for (const { n, text } of codeLines(path.join(core, file))) if (ui.test(text)) found.push(`src/core/${file}:${n}: ${text.trim()}`);
    }
    assert.deepEqual(found, [], 'next steps go through TranslateError.next and each UI phrases them');
  });
});
