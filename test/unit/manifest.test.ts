import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { languages } from '../../src/core/options/languages';
import { voices } from '../../src/core/options/voices';
import { mediaExtensions } from '../../src/core/source/discover';
import { Command, internalCommands } from '../../src/vscode/commands/commandIds';
import { machineOnlyKeys, settingKeys, settingsSection } from '../../src/vscode/settingKeys';

// The tests run from out/test/unit; the sources and the manifest are read from the repository.
const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const registerSource = fs.readFileSync(path.join(root, 'src/vscode/commands/registerCommands.ts'), 'utf8');

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
interface SettingSchema {
  scope?: string;
  default?: unknown;
  markdownDescription?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
}

const manifestCommands: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
const tableCommands: string[] = Object.values(Command);
const sections: { title: string; properties: Record<string, SettingSchema> }[] = pkg.contributes.configuration;
const properties: Record<string, SettingSchema> = Object.assign({}, ...sections.map((s) => s.properties));
const menus: Record<string, MenuItem[]> = pkg.contributes.menus;

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

  it('activates only through its commands and runs where the workspace is', () => {
    assert.deepEqual(pkg.activationEvents, []);
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.equal(pkg.main, './dist/extension.js');
    assert.ok(fs.existsSync(path.join(root, pkg.icon)), 'the icon exists');
  });
});
