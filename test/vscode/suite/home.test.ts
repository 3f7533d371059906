import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from '../../../src/vscode/commands/commandIds';
import type { Services } from '../../../src/vscode/services';
import { problemsTool, ToolName, translateTool, type TranslateToolInput } from '../../../src/vscode/tools/registerTools';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { startFakeProxy } from '../../fakes/fakeProxy';
import { makeBursts } from '../../fakes/media';

const extensionId = 'media-translate.media-translate';
const key = 'sk-vscode-home-7c3d1e9f20';
const root = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? assert.fail('the harness opens a workspace folder');

/** A fresh folder inside the workspace holding a copy of the shipped sample. */
function sampleIn(name: string): vscode.Uri {
  const dir = path.join(root(), name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, 'the extension is installed');
  const file = path.join(dir, 'sample.wav');
  fs.copyFileSync(path.join(ext.extensionPath, 'media', 'sample.wav'), file);
  return vscode.Uri.file(file);
}

/** Where each open text tab is: `<group> <file name>`. */
function tabPlaces(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) =>
    g.tabs.filter((t) => t.input instanceof vscode.TabInputText).map((t) => `${g.viewColumn} ${path.basename((t.input as vscode.TabInputText).uri.path)}`),
  );
}

const noCancel: vscode.CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

/** Issue 17: proxies in VS Code, where results open, the walkthrough's commands and the tools for agents. */
describe('At home in VS Code', function () {
  this.timeout(120_000);
  let api: FakeApi;
  const config = () => vscode.workspace.getConfiguration('mediaTranslate');

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    api = await startFakeApi({ apiKey: key });
    await config().update('baseUrl', api.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('region', 'singapore', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Command.setApiKey, key);
  });

  after(async () => {
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('region', undefined, vscode.ConfigurationTarget.Global);
    await config().update('openResultsIn', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('http').update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api?.close();
  });

  it('sends its requests through the proxy of http.proxy, and around it for hosts in http.noProxy', async () => {
    const proxy = await startFakeProxy();
    const http = vscode.workspace.getConfiguration('http');
    try {
      await http.update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      const sent = api.requests.length;
      const written = await vscode.commands.executeCommand<vscode.Uri[]>(Command.translateMedia, sampleIn('home-proxy'), { targetLanguage: 'de' });
      assert.ok(written.some((u) => u.fsPath.endsWith('sample.de.srt')));
      const through = proxy.seen.filter((s) => s.startsWith(`POST ${api.baseUrl}/chat/completions`)).length;
      assert.ok(through > 0, 'the proxy carried requests');
      assert.equal(through, api.requests.length - sent, 'every request went through the proxy');

      await http.update('noProxy', ['127.0.0.1'], vscode.ConfigurationTarget.Global);
      const seen = proxy.seen.length;
      await vscode.commands.executeCommand(Command.translateMedia, sampleIn('home-noproxy'), { targetLanguage: 'de' });
      assert.equal(proxy.seen.length, seen, 'no request went through the proxy');
    } finally {
      await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await http.update('noProxy', undefined, vscode.ConfigurationTarget.Global);
      await proxy.close();
    }
  });

  it('opens the result in the active editor group, or beside it when the setting says so', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const media = sampleIn('home-tabs');
    const notes = vscode.Uri.file(path.join(path.dirname(media.fsPath), 'notes.txt'));
    fs.writeFileSync(notes.fsPath, 'notes\n');
    await vscode.window.showTextDocument(notes);
    await vscode.commands.executeCommand(Command.translateMedia, media, { targetLanguage: 'de' });
    assert.deepEqual(tabPlaces().sort(), ['1 notes.txt', '1 sample.de.srt'], 'one column, one result tab');

    await config().update('openResultsIn', 'beside', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.window.showTextDocument(notes);
    await vscode.commands.executeCommand(Command.translateMedia, media, { targetLanguage: 'de' });
    assert.deepEqual(tabPlaces().sort(), ['1 notes.txt', '2 sample.de.srt']);
    await config().update('openResultsIn', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('translates the shipped sample into the workspace, and Open Last Result shows its subtitles', async () => {
    const copy = path.join(root(), 'media-translate-sample.wav');
    fs.rmSync(copy, { force: true });
    const written = await vscode.commands.executeCommand<vscode.Uri[]>(Command.translateSample, { targetLanguage: 'fr' });
    assert.ok(fs.existsSync(copy), 'the sample was copied into the workspace folder');
    const srt = written.find((u) => u.fsPath.endsWith('media-translate-sample.fr.srt'));
    assert.ok(srt && fs.readFileSync(srt.fsPath, 'utf8').includes('-->'), 'real subtitles were written');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const opened = await vscode.commands.executeCommand<vscode.Uri>(Command.openLastResult);
    assert.equal(opened?.fsPath, srt.fsPath);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, srt.fsPath);
  });

  it('hides the temporary files of a run from the explorer by default', () => {
    const exclude = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {};
    assert.equal(exclude['**/.*.media-translate.tmp'], true);
  });

  it('keeps the live tab scrolled to the newest cue while it grows', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const dir = path.join(root(), 'home-follow');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    // Many short pieces, answered slowly, so the live tab grows past one screen while it is watched.
    const media = await makeBursts({ dir, name: 'many', format: 'wav', spans: Array.from({ length: 40 }, (_, i) => ({ start: i * 3 + 0.5, end: i * 3 + 2 })), seconds: 121 });
    await config().update('segmentSeconds', 10, vscode.ConfigurationTarget.Global);
    await config().update('concurrency', 1, vscode.ConfigurationTarget.Global);
    api.setOptions({ ttftMs: 150 });
    try {
      const run = vscode.commands.executeCommand(Command.translateMedia, vscode.Uri.file(media.file), { targetLanguage: 'de' });
      let followed = false;
      const end = Date.now() + 60_000;
      while (!followed && Date.now() < end) {
        const live = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme !== 'file' && e.document.lineCount > 60);
        if (live) {
          const last = live.document.lineCount - 1;
          followed = live.visibleRanges.some((r) => r.end.line >= last - 1);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      await run;
      assert.ok(followed, 'the last lines of the growing tab were in view');
    } finally {
      api.setOptions({ ttftMs: 0 });
      await config().update('segmentSeconds', undefined, vscode.ConfigurationTarget.Global);
      await config().update('concurrency', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Check ffmpeg finds the ffmpeg on PATH', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>(Command.checkFfmpeg), true);
  });

  it('registers both tools for language models, with their input schemas', () => {
    for (const name of Object.values(ToolName)) {
      const tool = vscode.lm.tools.find((t) => t.name === name);
      assert.ok(tool, `${name} is registered`);
      assert.equal((tool.inputSchema as { type?: string } | undefined)?.type, 'object');
    }
  });

  it('asks before the translate tool spends tokens, then translates and hands back the text', async () => {
    const media = sampleIn('home-tool');
    const relative = vscode.workspace.asRelativePath(media);
    const log = { error: () => undefined } as unknown as Services['log'];
    const tool = translateTool({ log } as Services);
    const input: TranslateToolInput = { file: relative, targetLanguage: 'de' };
    const prepared = await tool.prepareInvocation?.({ input }, noCancel);
    assert.ok(prepared?.confirmationMessages, 'the person is asked first');
    const message = prepared.confirmationMessages.message;
    assert.match(typeof message === 'string' ? message : message.value, /spends tokens of your own account/);

    const result = await tool.invoke({ input, toolInvocationToken: undefined }, noCancel);
    const text = result?.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('') ?? '';
    assert.match(text, /sample\.de\.srt/);
    assert.match(text, /The translated text:/);

    const outside = await tool.invoke({ input: { file: '/etc/passwd', targetLanguage: 'de' }, toolInvocationToken: undefined }, noCancel);
    assert.match((outside?.content[0] as vscode.LanguageModelTextPart).value, /is not a file of the open workspace/);
  });

  it('reads a subtitle file\'s problems for a language model, with line numbers', async () => {
    const dir = path.join(root(), 'home-problems');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'talk.en.srt');
    fs.writeFileSync(file, '1\n00:00:01,000 --> 00:00:01,200\nThis line is far too long to be read in the fraction of a second it is shown on screen.\n\n');
    const viaApi = await vscode.lm.invokeTool(ToolName.subtitleProblems, { input: { file: vscode.workspace.asRelativePath(file) }, toolInvocationToken: undefined });
    const text = viaApi.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.match(text, /talk\.en\.srt has \d+ problems? under the netflix profile/);
    assert.match(text, /- line 2 \(/);
    const direct = await problemsTool().invoke({ input: { file: vscode.workspace.asRelativePath(file) }, toolInvocationToken: undefined }, noCancel);
    assert.equal((direct?.content[0] as vscode.LanguageModelTextPart).value, text);
  });
});
