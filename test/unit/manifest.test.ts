import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { languages } from '../../src/core/options/languages';
import { voices } from '../../src/core/options/voices';
import { mediaExtensions } from '../../src/core/source/discover';
import { profileNames, subtitleRules, type CustomLimits } from '../../src/core/subtitles/profiles';
import { Command, internalCommands } from '../../src/vscode/commands/commandIds';
import { customLimitKeys, machineOnlyKeys, settingKeys, settingsSection } from '../../src/vscode/settingKeys';

// The tests run from out/test/unit; the sources and the manifest are read from the repository.
const root = path.resolve(__dirname, '../../..');
const rawPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
/** The manifest as an English-speaking user sees it: every `%key%` replaced by its text in package.nls.json. */
const pkg: typeof rawPkg = resolveNls(rawPkg);
const registerSource = fs.readFileSync(path.join(root, 'src/vscode/commands/registerCommands.ts'), 'utf8');

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
interface SettingSchema {
  type?: string | string[];
  scope?: string;
  default?: unknown;
  markdownDescription?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
  properties?: Record<string, SettingSchema>;
  additionalProperties?: boolean;
}
interface Language {
  id: string;
  aliases: string[];
  extensions: string[];
  configuration: string;
}
interface Grammar {
  language: string;
  scopeName: string;
  path: string;
}

const manifestCommands: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
const tableCommands: string[] = Object.values(Command);
const sections: { title: string; properties: Record<string, SettingSchema> }[] = pkg.contributes.configuration;
const properties: Record<string, SettingSchema> = Object.assign({}, ...sections.map((s) => s.properties));
const menus: Record<string, MenuItem[]> = pkg.contributes.menus;

function resolveNls(value: unknown): unknown {
  if (typeof value === 'string') {
    const key = /^%([^%]+)%$/.exec(value)?.[1];
    if (key === undefined) return value;
    assert.ok(key in nls, `package.nls.json has ${key}`);
    return nls[key];
  }
  if (Array.isArray(value)) return value.map(resolveNls);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveNls(v)]));
  return value;
}

/** The regular expression inside a `resourceExtname =~ /…/flags` clause, as JavaScript would run it. */
function extnameRegex(when: string): RegExp {
  const match = /resourceExtname =~ \/(.+?)\/([a-z]*)/.exec(when);
  assert.ok(match, `"${when}" matches resourceExtname with a regex`);
  return new RegExp(match[1], match[2]);
}

describe('package.json manifest', () => {
  it('contributes exactly the commands of the Command table, each in the Media Translate category', () => {
    assert.deepEqual([...manifestCommands].sort(), [...tableCommands].sort());
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Media Translate', c.command);
    const titles = Object.fromEntries(pkg.contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
    assert.equal(titles[Command.translateMedia], 'Translate Media');
    assert.equal(titles[Command.translateUrl], 'Translate Media from URL');
  });

  it('registers a handler from its own file for every command', () => {
    for (const [name, id] of Object.entries(Command)) {
      assert.match(registerSource, new RegExp(`\\[Command\\.${name}\\]: ${name}\\(s\\)`), `${id} is in the handler table`);
      assert.ok(fs.existsSync(path.join(root, 'src/vscode/commands', `${name}.ts`)), `src/vscode/commands/${name}.ts exists`);
    }
  });

  it('gives every menu item a when clause and hides internal commands from the palette', () => {
    for (const [menu, items] of Object.entries(menus)) {
      for (const item of items) {
        assert.ok(item.when, `${menu} ${item.command} has a when clause`);
        assert.ok(tableCommands.includes(item.command), `${menu} names a known command: ${item.command}`);
      }
    }
    for (const id of internalCommands) {
      assert.ok(menus.commandPalette.some((i) => i.command === id && i.when === 'false'), `${id} is hidden`);
    }
  });

  it('offers Translate Media in the explorer for exactly the engine\'s media extensions and for folders', () => {
    const [item] = menus['explorer/context'].filter((i) => i.command === Command.translateMedia);
    assert.ok(item?.when?.includes('explorerResourceIsFolder'));
    const regex = extnameRegex(item.when as string);
    for (const ext of mediaExtensions) {
      assert.ok(regex.test(ext), `${ext} is offered`);
      assert.ok(regex.test(ext.toUpperCase()), `${ext.toUpperCase()} is offered`);
    }
    for (const ext of ['.ts', '.srt', '.vtt', '.txt', '.json', '.mp4.srt', '.wavx', '']) assert.ok(!regex.test(ext), `${ext} is not offered`);
    // Every extension the regex accepts is one the engine translates.
    const alternatives = /\(([^)]+)\)/.exec(regex.source)?.[1].split('|') ?? [];
    assert.deepEqual(alternatives.map((a) => `.${a}`).sort(), [...mediaExtensions].sort());
  });

  it('offers Translate Media in the title bar of VS Code\'s own audio and video previews only', () => {
    const [item] = menus['editor/title'].filter((i) => i.command === Command.translateMedia);
    assert.ok(item.when?.includes("activeCustomEditorId == 'vscode.audioPreview'"));
    assert.ok(item.when?.includes("activeCustomEditorId == 'vscode.videoPreview'"));
    const regex = extnameRegex(item.when as string);
    assert.ok(regex.test('.mp4') && !regex.test('.png'));
  });

  it('declares exactly the settings of settingKeys, each documented with a default and a scope', () => {
    const keys = Object.keys(properties).map((k) => k.slice(settingsSection.length + 1));
    assert.deepEqual([...keys].sort(), [...settingKeys].sort());
    for (const [key, schema] of Object.entries(properties)) {
      assert.ok(key.startsWith(`${settingsSection}.`), key);
      assert.ok(schema.markdownDescription, `${key} has a markdownDescription`);
      assert.ok('default' in schema, `${key} has a default`);
      assert.ok(schema.scope, `${key} has a scope`);
      if (schema.enum) assert.equal(schema.enumDescriptions?.length, schema.enum.length, `${key} describes every enum value`);
    }
    for (const s of sections) assert.ok(s.title, 'every configuration section has a title');
  });

  it('lists the languages and voices of the engine in the enums', () => {
    assert.deepEqual(properties['mediaTranslate.targetLanguage'].enum, languages.map((l) => l.code));
    assert.deepEqual(properties['mediaTranslate.sourceLanguage'].enum, ['auto', ...languages.map((l) => l.code)]);
    assert.deepEqual(properties['mediaTranslate.voice'].enum, voices.map((v) => v.name));
  });

  it('keeps the endpoint and program paths out of any workspace\'s reach', () => {
    assert.equal(properties['mediaTranslate.baseUrl'].scope, 'application');
    assert.equal(properties['mediaTranslate.ffmpegPath'].scope, 'machine');
    assert.equal(properties['mediaTranslate.ffprobePath'].scope, 'machine');
    const trust = pkg.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    for (const key of machineOnlyKeys) assert.ok(trust.restrictedConfigurations.includes(`${settingsSection}.${key}`), key);
  });

  it('contributes the srt and webvtt languages with a grammar and a configuration that ship', () => {
    const languages: Language[] = pkg.contributes.languages;
    const grammars: Grammar[] = pkg.contributes.grammars;
    assert.deepEqual(languages.map((l) => [l.id, l.extensions]), [['srt', ['.srt']], ['webvtt', ['.vtt']]]);
    const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!'));
    for (const file of [...languages.map((l) => l.configuration), ...grammars.map((g) => g.path)]) {
      const relative = path.posix.normalize(file);
      assert.doesNotThrow(() => JSON.parse(fs.readFileSync(path.join(root, relative), 'utf8')), `${file} is JSON`);
      assert.ok(shipped.some((l) => l.endsWith('/**') && relative.startsWith(l.slice(1, -2))), `${file} is in .vscodeignore's allowlist`);
    }
    for (const language of languages) {
      const grammar = grammars.find((g) => g.language === language.id);
      assert.ok(grammar, `${language.id} has a grammar`);
      const tm = JSON.parse(fs.readFileSync(path.join(root, grammar.path), 'utf8'));
      assert.equal(tm.scopeName, grammar.scopeName);
      for (const rule of ['timing', 'tag']) assert.ok(tm.repository[rule], `${grammar.path} colours ${rule}`);
    }
    assert.ok(JSON.parse(fs.readFileSync(path.join(root, grammars[1].path), 'utf8')).repository.note, 'NOTE blocks are coloured');
  });

  it('documents the subtitle settings with the core\'s profiles, languages and custom limits', () => {
    assert.deepEqual(properties['mediaTranslate.subtitleProfile'].enum, [...profileNames]);
    assert.equal(properties['mediaTranslate.subtitleProfile'].default, 'netflix');
    assert.deepEqual(properties['mediaTranslate.subtitleLanguage'].enum, ['', ...languages.map((l) => l.code)]);
    assert.equal(properties['mediaTranslate.checkSubtitles'].default, true);
    const custom = properties['mediaTranslate.customSubtitleLimits'];
    assert.equal(custom.additionalProperties, false);
    assert.deepEqual(Object.keys(custom.properties ?? {}).sort(), [...customLimitKeys].sort());
    // Each custom limit is one the rules take: setting it changes that rule and no other.
    const netflix = subtitleRules('netflix', 'en');
    for (const key of customLimitKeys) {
      const rules = subtitleRules('custom', 'en', { [key]: 99 } as CustomLimits);
      assert.equal(rules[key], 99, key);
      assert.ok(custom.properties?.[key].markdownDescription, `${key} is described`);
      for (const other of customLimitKeys.filter((k) => k !== key)) assert.equal(rules[other], netflix[other], `${key} leaves ${other}`);
    }
  });

  it('activates through its commands, its subtitle languages and a preview to restore only, and runs where the workspace is', () => {
    const languageIds: string[] = pkg.contributes.languages.map((l: Language) => l.id);
    // A Preview Translation panel left open comes back after a reload through its serializer.
    assert.deepEqual(pkg.activationEvents, [...languageIds.map((id) => `onLanguage:${id}`), 'onWebviewPanel:mediaTranslate.preview']);
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.equal(pkg.main, './dist/extension.js');
    assert.ok(fs.existsSync(path.join(root, pkg.icon)), 'the icon exists');
  });
});
