import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

// The tests run from out/test/unit; the manifest, the bundles and the sources are read from the repository.
const root = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const pkg = readJson('package.json');
const locales = ['zh-cn'];

/** The fields of the manifest that people read, and so must be `%key%` references. */
const shownFields = new Set(['title', 'shortTitle', 'category', 'description', 'markdownDescription', 'enumDescriptions', 'deprecationMessage', 'markdownDeprecationMessage']);

/** Every shown string under `value`, with where it is, skipping the parts that are names, not text. */
function shownStrings(value: unknown, at: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) value.forEach((v, i) => shownStrings(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // A language's aliases are the names people search by, the same in every locale.
      if (k === 'aliases' || k === 'default') continue;
      // A tool's input schema is read by the language model, not shown to people.
      if (k === 'inputSchema') continue;
      if (shownFields.has(k)) {
        for (const s of [v].flat()) if (typeof s === 'string') out.push([`${at}.${k}`, s]);
      } else shownStrings(v, `${at}.${k}`, out);
    }
  }
  return out;
}

/** The strings of `src/vscode` passed to `l10n.t(...)`, read from the sources as the exporter reads them. */
function codeMessages(): Set<string> {
  const found = new Set<string>();
  const dir = path.join(root, 'src/vscode');
  for (const file of fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*(['"])((?:(?!\1)[^\\]|\\.)*)\1/g)) found.add(m[2].replace(/\\(.)/g, '$1'));
  }
  return found;
}

describe('localization', () => {
  it('refers to package.nls.json for every title, description and enum description of the manifest', () => {
    const nls = readJson('package.nls.json');
    const strings = shownStrings({ description: pkg.description, capabilities: pkg.capabilities, contributes: pkg.contributes }, 'package.json');
    assert.ok(strings.length > 100, `found ${strings.length} shown strings`);
    for (const [at, s] of strings) {
      const key = /^%([^%]+)%$/.exec(s)?.[1];
      assert.ok(key, `${at} is a %key%, not "${s}" (run npm run l10n)`);
      assert.equal(typeof nls[key], 'string', `${at}: package.nls.json has ${key}`);
    }
    const titles = pkg.contributes.commands.map((c: { title: string }) => c.title);
    assert.ok(titles.every((t: string) => /^%command\.[\w.]+\.title%$/.test(t)), titles.join(', '));
  });

  it('gives every translation exactly the English keys, and no translation left empty or English', () => {
    for (const [english, translated] of [
      ['package.nls.json', (l: string) => `package.nls.${l}.json`],
      ['l10n/bundle.l10n.json', (l: string) => `l10n/bundle.l10n.${l}.json`],
    ] as const) {
      const en = readJson(english);
      for (const locale of locales) {
        const file = translated(locale);
        const other = readJson(file);
        assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), `${file} has the keys of ${english} (run npm run l10n)`);
        for (const [k, v] of Object.entries(other)) {
          assert.ok(typeof v === 'string' && v.trim(), `${file}: ${k} is translated`);
          // Chinese text has Han characters, unless the English is only names, codes or placeholders.
          if (/[a-z]{3,}/.test(String(en[k])) && !/^[A-Z][\w ]*$/.test(String(en[k]))) assert.match(String(v), /\p{Script=Han}/u, `${file}: ${k} is in Chinese`);
        }
      }
    }
  });

  it('keeps the English bundle equal to the strings the code passes to l10n.t', () => {
    const bundle = Object.keys(readJson('l10n/bundle.l10n.json'));
    assert.deepEqual([...codeMessages()].sort(), bundle.sort(), 'l10n/bundle.l10n.json is current (run npm run l10n)');
  });

  it('keeps every {0} placeholder of a message in its translations', () => {
    const en: Record<string, string> = readJson('l10n/bundle.l10n.json');
    const placeholders = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();
    for (const locale of locales) {
      const other: Record<string, string> = readJson(`l10n/bundle.l10n.${locale}.json`);
      for (const [k, v] of Object.entries(en)) assert.deepEqual(placeholders(other[k] ?? ''), placeholders(v), `${locale}: "${k}"`);
    }
  });

  it('ships both nls files and the Chinese bundle in the .vsix, and declares where the bundles are', () => {
    assert.equal(pkg.l10n, './l10n');
    const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
    const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).split('\n').map((l) => l.trim());
    for (const file of ['package.nls.json', ...locales.flatMap((l) => [`package.nls.${l}.json`, `l10n/bundle.l10n.${l}.json`])]) {
      assert.ok(listed.includes(file), `${file} ships in the .vsix (.vscodeignore is an allowlist)`);
    }
  });
});
