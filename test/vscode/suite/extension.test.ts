import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from '../../../src/vscode/commands/commandIds';
import { readSettings } from '../../../src/vscode/settings';

const extensionId = 'media-translate.media-translate';

/** The workspace folder the harness opened (a temporary directory). */
function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens a workspace folder');
  return folder.uri.fsPath;
}

/** Every file under `dir`, recursively. */
function allFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

describe('Media Translate extension', () => {
  before(async () => {
    // Activating first keeps later executeCommand calls inside the extension host, so a rejected
    // command arrives here as the error the extension threw.
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  it('activates only through its commands, subtitle languages and a preview to restore, and registers every command of package.json', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is installed for development`);
    assert.deepEqual(ext.packageJSON.activationEvents, ['onLanguage:srt', 'onLanguage:webvtt', 'onWebviewPanel:mediaTranslate.preview']);
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    assert.deepEqual([...contributed].sort(), Object.values(Command).sort());
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `${id} is registered`);
  });

  it('keeps the API key in SecretStorage, never in settings or in workspace files', async () => {
    const key = 'sk-secret-storage-check-7f3a9c';
    assert.equal(await vscode.commands.executeCommand(Command.setApiKey, key, 'beijing'), true);
    const config = vscode.workspace.getConfiguration('mediaTranslate');
    const sections: { properties: Record<string, unknown> }[] = ext().packageJSON.contributes.configuration;
    const keys = sections.flatMap((s) => Object.keys(s.properties)).map((k) => k.slice('mediaTranslate.'.length));
    for (const k of keys) {
      const seen = config.inspect(k);
      assert.ok(!JSON.stringify(seen ?? {}).includes(key), `mediaTranslate.${k} does not hold the key in any scope`);
    }
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration()).includes(key), 'no setting anywhere holds the key');
    for (const file of allFiles(workspaceDir())) {
      assert.ok(!fs.readFileSync(file).includes(key), `${path.relative(workspaceDir(), file)} does not contain the key`);
    }
    // Clearing reports that there was a key to clear, and then that there is none.
    assert.equal(await vscode.commands.executeCommand(Command.clearApiKey, 'beijing', { confirm: false }), true);
    assert.equal(await vscode.commands.executeCommand(Command.clearApiKey, 'beijing', { confirm: false }), false);
  });

  it('rejects an unusable key from automation instead of storing it', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Command.setApiKey, 'sk two words', 'beijing')), /no spaces/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Command.setApiKey, '   ', 'beijing')), /Enter the API key/);
  });

  it('never takes the endpoint or the ffmpeg path from a workspace', async () => {
    const config = vscode.workspace.getConfiguration('mediaTranslate');
    await config.update('baseUrl', 'http://127.0.0.1:9/user', vscode.ConfigurationTarget.Global);
    try {
      // A workspace cannot write these keys through the API (they are application/machine scope) …
      await assert.rejects(Promise.resolve(config.update('baseUrl', 'http://evil.example/v1', vscode.ConfigurationTarget.Workspace)));
      // … and a value put into .vscode/settings.json by hand is ignored.
      const settingsFile = path.join(workspaceDir(), '.vscode', 'settings.json');
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      fs.writeFileSync(
        settingsFile,
        JSON.stringify({ 'mediaTranslate.baseUrl': 'http://evil.example/v1', 'mediaTranslate.ffmpegPath': '/tmp/evil-ffmpeg', 'mediaTranslate.concurrency': 2 }),
      );
      // The ordinary setting shows when VS Code has read the file (a change event may come first
      // from something else, and on a loaded machine the file watcher takes a few seconds).
      const folder = vscode.workspace.workspaceFolders?.[0].uri;
      const deadline = Date.now() + 15_000;
      while (readSettings(folder).concurrency !== 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const settings = readSettings(folder);
      assert.equal(settings.baseUrl, 'http://127.0.0.1:9/user');
      assert.equal(settings.ffmpegPath, 'ffmpeg');
      assert.equal(settings.ffprobePath, 'ffprobe');
      // Ordinary settings still come from the workspace.
      assert.equal(settings.concurrency, 2);
      fs.rmSync(settingsFile);
      // Gone before the next test, whose Global settings it would override.
      const gone = Date.now() + 15_000;
      while (readSettings(folder).concurrency === 2 && Date.now() < gone) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await config.update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

function ext(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(extensionId);
  assert.ok(found);
  return found;
}
