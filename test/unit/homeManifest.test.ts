import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { keyPageUrls } from '../../src/core/api/regions';
import { languages } from '../../src/core/options/languages';
import { describeVoice, voices, voicesFor } from '../../src/core/options/voices';
import { isPlainPcm, readWavLayout } from '../../src/core/source/wavReader';
import { Command } from '../../src/vscode/commands/commandIds';

// The tests run from out/test/unit; the manifest, the README and the assets are read from the repository.
const root = path.resolve(__dirname, '../../..');
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** The manifest as an English-speaking user sees it: every `%key%` replaced by its text in package.nls.json. */
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'), (_, v: unknown) =>
  typeof v === 'string' && /^%[^%]+%$/u.test(v) ? (nls[v.slice(1, -1)] ?? v) : v,
);
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const properties = Object.assign({}, ...pkg.contributes.configuration.map((s: { properties: object }) => s.properties));

/** Whether `.vscodeignore`, an allowlist, ships the repository file `file`. */
function ships(file: string): boolean {
  const rules = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
  const allowed = rules.filter((r) => r.startsWith('!')).map((r) => r.slice(1));
  return allowed.some((rule) => (rule.endsWith('/**') ? file.startsWith(rule.slice(0, -2)) : file === rule));
}

/** The command ids a walkthrough description's buttons run. */
function buttonCommands(description: string): string[] {
  return [...description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
}

/** Issue 17: what a new user meets on the details page, in the walkthrough and in the settings. */
describe('a new user\'s first contact (manifest and README)', () => {
  it('names the repository, the issue tracker and the home page for the details page', () => {
    assert.match(pkg.repository.url, /^https:\/\/github\.com\/media-translate\/media-translate(\.git)?$/);
    assert.equal(pkg.bugs.url, 'https://github.com/media-translate/media-translate/issues');
    assert.match(pkg.homepage, /^https:\/\/github\.com\/media-translate\/media-translate/);
    assert.doesNotMatch(pkg.scripts.package, /--allow-missing-repository/);
  });

  it('shows README images that exist and ship in the .vsix', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 2, 'the README shows the extension');
    for (const image of images) {
      assert.doesNotMatch(image, /^https?:/, `${image} is a packaged file, so it shows without the network`);
      assert.ok(fs.existsSync(path.join(root, image)), `${image} exists`);
      assert.ok(ships(image), `${image} is in the .vscodeignore allowlist`);
      assert.doesNotMatch(image, /\.svg$/i, 'the Marketplace refuses SVG images');
    }
  });

  it('starts the README with what a user does, and keeps the developer quick start further down', () => {
    const heading = (title: string) => readme.indexOf(`\n## ${title}`);
    assert.ok(heading('Get started') > 0 && heading('Get started') < heading('In VS Code'));
    assert.ok(heading('Quick start for developers') > heading('In VS Code'));
    const first = readme.slice(readme.indexOf('## Get started'), readme.indexOf('## In VS Code'));
    for (const step of ['Install', 'Set API Key', 'Right-click', keyPageUrls.singapore, keyPageUrls.beijing]) assert.ok(first.includes(step), step);
    // The quick start's two commands, the first on the shipped sample.
    const block = /## Quick start for developers\n\n```sh\n(.+)\n(.+)\n```/.exec(readme);
    assert.ok(block, 'a two-line quick start');
    assert.match(block[1], /^npm ci && npm run build && DASHSCOPE_API_KEY=sk-\.\.\. npx media-translate media\/sample\.wav --to de/);
    assert.equal(block[2], 'npm test');
  });

  it('ships a sample of a few seconds of speech, small and readable without ffmpeg', async () => {
    const file = path.join(root, 'media/sample.wav');
    const size = fs.statSync(file).size;
    assert.ok(size > 20_000 && size < 100_000, `a few tens of KB, got ${size}`);
    assert.ok(ships('media/sample.wav'));
    const layout = await readWavLayout(file);
    assert.ok(layout && isPlainPcm(layout), 'plain PCM, which the engine reads without ffmpeg');
    assert.ok(layout.durationSeconds > 2 && layout.durationSeconds < 10, `a few seconds, got ${layout.durationSeconds}`);
  });

  it('labels the language settings with names, not codes', () => {
    const names = new Map(languages.map((l) => [l.code, l.name]));
    for (const key of ['mediaTranslate.targetLanguage', 'mediaTranslate.sourceLanguage', 'mediaTranslate.subtitleLanguage']) {
      const schema = properties[key];
      assert.equal(schema.enumItemLabels?.length, schema.enum.length, key);
      schema.enum.forEach((code: string, i: number) => {
        if (names.has(code)) assert.equal(schema.enumItemLabels[i], names.get(code), `${key}: ${code}`);
      });
    }
  });

  it('does not describe a Mandarin accent to someone choosing a voice for another language', () => {
    const schema = properties['mediaTranslate.voice'];
    const german = voicesFor('de');
    assert.ok(german.length > 0);
    for (const v of german) {
      assert.doesNotMatch(describeVoice(v, 'de'), /mandarin|accent|retroflex|beijing|shanghai|sichuan|tianjin|chengdu/i, `${v.name} in German`);
      const text = schema.enumDescriptions[schema.enum.indexOf(v.name)];
      assert.doesNotMatch(text.split('.')[0], /mandarin|accent|retroflex/i, `${v.name}'s setting leads with what every language hears`);
    }
    assert.match(describeVoice(voices.find((v) => v.name === 'Ethan')!, 'zh'), /northern accent/);
  });

  it('contributes a Getting Started walkthrough whose steps complete by themselves and whose buttons exist', () => {
    const [walkthrough] = pkg.contributes.walkthroughs;
    assert.equal(walkthrough.id, 'gettingStarted');
    const ids: string[] = walkthrough.steps.map((s: { id: string }) => s.id);
    assert.deepEqual(ids, ['setApiKey', 'checkFfmpegLinux', 'checkFfmpegMac', 'checkFfmpegWindows', 'translate', 'openResult']);
    const known = new Set<string>([...Object.values(Command), 'workbench.action.openSettings']);
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents?.length > 0, `${step.id} completes by itself`);
      assert.doesNotMatch(step.description, /`/, `${step.id}: a step's description shows backticks as they are`);
      for (const id of buttonCommands(step.description)) assert.ok(known.has(id), `${step.id}: ${id} exists`);
      const media = step.media.markdown ?? step.media.image;
      assert.ok(fs.existsSync(path.join(root, media)) && ships(media), `${step.id}: ${media} ships`);
    }
    const key = walkthrough.steps[0].description;
    for (const url of Object.values(keyPageUrls)) assert.ok(key.includes(url), `the key step links to ${url}`);
    const installs = walkthrough.steps.slice(1, 4).map((s: { when: string; description: string }) => [s.when, /Install it with (.+?), or/.exec(s.description)?.[1]]);
    assert.deepEqual(installs, [
      ['isLinux', 'sudo apt install ffmpeg'],
      ['isMac', 'brew install ffmpeg'],
      ['isWindows', 'winget install ffmpeg'],
    ]);
  });

  it('offers language model tools with JSON schemas whose required inputs exist', () => {
    const tools: { name: string; inputSchema: { properties: Record<string, unknown>; required: string[] }; modelDescription: string }[] =
      pkg.contributes.languageModelTools;
    assert.deepEqual(tools.map((t) => t.name), ['mediaTranslate_translateMedia', 'mediaTranslate_subtitleProblems']);
    for (const tool of tools) {
      for (const r of tool.inputSchema.required) assert.ok(tool.inputSchema.properties[r], `${tool.name} describes ${r}`);
    }
    assert.match(tools[0].modelDescription, /confirm/);
    assert.deepEqual((tools[0].inputSchema.properties.targetLanguage as { enum: string[] }).enum, languages.map((l) => l.code));
  });

  it('hides the temporary files of a run from the explorer', () => {
    assert.equal(pkg.contributes.configurationDefaults['files.exclude']['**/.*.media-translate.tmp'], true);
  });
});
