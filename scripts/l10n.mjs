#!/usr/bin/env node
// Gathers every English string the extension shows, so that translators have one list per mechanism:
//   1. package.json: every title, description and enum description in `contributes` (and the
//      restricted-mode note) still written out in English is moved into package.nls.json and
//      replaced by its `%key%`. Strings already replaced keep their keys, so running it again after a
//      merge only adds the new ones.
//   2. src/vscode: `@vscode/l10n-dev export` writes l10n/bundle.l10n.json from the `l10n.t(...)` calls.
// Then it lists the keys each translation (package.nls.zh-cn.json, l10n/bundle.l10n.zh-cn.json)
// lacks or no longer needs; the unit test l10nBundles.test.ts fails on the same.
//
//   node scripts/l10n.mjs            (npm run l10n)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const locales = ['zh-cn'];
const manifestPath = path.join(root, 'package.json');
const nlsPath = path.join(root, 'package.nls.json');

const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {});
const writeJson = (file, value) => fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');

const pkg = readJson(manifestPath);
const nls = readJson(nlsPath);
const before = Object.keys(nls).length;

// With --changed, an English text that differs from the one under its key (a merge that rewrote a
// description) replaces it, and its translations are dropped so that they are listed to redo.
const replaceChanged = process.argv.includes('--changed');
const changed = [];

/** Replaces `holder[field]` by a `%key%` unless it is one already, recording the English text. */
function localize(holder, field, key) {
  const text = holder?.[field];
  if (typeof text !== 'string' || /^%[^%]+%$/.test(text)) return;
  if (nls[key] !== undefined && nls[key] !== text) {
    if (!replaceChanged) throw new Error(`package.nls.json already has ${key} with other text: ${nls[key]} (run with --changed to take the new text)`);
    changed.push(key);
  }
  nls[key] = text;
  holder[field] = `%${key}%`;
}

/** Enum descriptions are keyed by the value they describe, so reordering the enum keeps them apart. */
function localizeEnum(schema, prefix) {
  if (!Array.isArray(schema?.enumDescriptions)) return;
  schema.enumDescriptions.forEach((_, i) => localize(schema.enumDescriptions, i, `${prefix}.enum.${schema.enum[i] === '' ? 'empty' : schema.enum[i]}`));
}

/** A setting's descriptions, its enum's, its items' and those of its object properties. */
function localizeSetting(schema, prefix) {
  localize(schema, 'description', `${prefix}.description`);
  localize(schema, 'markdownDescription', `${prefix}.description`);
  localize(schema, 'deprecationMessage', `${prefix}.deprecationMessage`);
  localize(schema, 'markdownDeprecationMessage', `${prefix}.deprecationMessage`);
  localizeEnum(schema, prefix);
  if (schema.items) localizeEnum(schema.items, prefix);
  for (const [name, inner] of Object.entries(schema.properties ?? {})) localizeSetting(inner, `${prefix}.${name}`);
}

const slug = (title) => title.replace(/%/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean).map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w.toLowerCase())).join('');

localize(pkg, 'description', 'extension.description');
localize(pkg.capabilities?.untrustedWorkspaces, 'description', 'capabilities.untrustedWorkspaces.description');
const c = pkg.contributes ?? {};
for (const cmd of c.commands ?? []) {
  const id = cmd.command.replace(/^mediaTranslate\./, '');
  localize(cmd, 'title', `command.${id}.title`);
  localize(cmd, 'shortTitle', `command.${id}.shortTitle`);
  // One category for all commands, so it is translated once.
  localize(cmd, 'category', 'command.category');
}
for (const section of [c.configuration ?? []].flat()) {
  const sectionKey = slug(section.title ?? '');
  localize(section, 'title', `config.section.${sectionKey}.title`);
  for (const [name, schema] of Object.entries(section.properties ?? {})) localizeSetting(schema, `config.${name.replace(/^mediaTranslate\./, '')}`);
}
for (const walkthrough of c.walkthroughs ?? []) {
  localize(walkthrough, 'title', `walkthrough.${walkthrough.id}.title`);
  localize(walkthrough, 'description', `walkthrough.${walkthrough.id}.description`);
  for (const step of walkthrough.steps ?? []) {
    localize(step, 'title', `walkthrough.${walkthrough.id}.${step.id}.title`);
    localize(step, 'description', `walkthrough.${walkthrough.id}.${step.id}.description`);
  }
}
for (const tool of c.languageModelTools ?? []) {
  for (const field of ['displayName', 'modelDescription', 'userDescription']) localize(tool, field, `tool.${tool.name}.${field}`);
}

writeJson(manifestPath, pkg);
writeJson(nlsPath, nls);
for (const locale of locales) {
  const file = path.join(root, `package.nls.${locale}.json`);
  const translated = readJson(file);
  for (const key of changed) delete translated[key];
  if (changed.length) writeJson(file, translated);
}
for (const key of changed) console.log(`package.nls.json: new English text for ${key}; its translations are to be redone.`);
console.log(`package.nls.json: ${Object.keys(nls).length} keys (${Object.keys(nls).length - before} new).`);

// The code's strings: the English bundle is generated, never edited by hand.
const cli = path.join(root, 'node_modules/@vscode/l10n-dev/dist/cli.js');
execFileSync(process.execPath, [cli, 'export', '--outDir', path.join(root, 'l10n'), path.join(root, 'src/vscode')], { stdio: 'inherit' });

let missing = 0;
for (const [english, translated] of [
  ['package.nls.json', (l) => `package.nls.${l}.json`],
  ['l10n/bundle.l10n.json', (l) => `l10n/bundle.l10n.${l}.json`],
]) {
  const keys = Object.keys(readJson(path.join(root, english)));
  for (const locale of locales) {
    const file = translated(locale);
    const have = readJson(path.join(root, file));
    const lacks = keys.filter((k) => !(k in have));
    const stale = Object.keys(have).filter((k) => !keys.includes(k));
    missing += lacks.length + stale.length;
    for (const k of lacks) console.log(`${file} lacks: ${JSON.stringify(k)}`);
    for (const k of stale) console.log(`${file} no longer needs: ${JSON.stringify(k)}`);
  }
}
console.log(missing ? `${missing} translation key(s) to add or remove.` : 'Every translation has exactly the English keys.');
