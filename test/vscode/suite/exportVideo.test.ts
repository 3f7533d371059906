import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from '../../../src/vscode/commands/commandIds';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech } from '../../fakes/media';

const extensionId = 'media-translate.media-translate';
const key = 'sk-vscode-export-7c2e9d1f0a';

describe('Export Dubbed Video against the local test server', function () {
  this.timeout(120_000);
  let api: FakeApi;
  const config = () => vscode.workspace.getConfiguration('mediaTranslate');

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    api = await startFakeApi({ apiKey: key });
    await config().update('baseUrl', api.baseUrl, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Command.setApiKey, key);
  });

  after(async () => {
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await api?.close();
  });

  it('translates an MP4 with its picture and speech, then exports the dubbed MP4 from the video with no request', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the harness opens a workspace folder');
    const dir = path.join(root, 'export-video');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const media = await makeSpeech({
      dir,
      name: 'talk',
      format: 'mp4',
      segments: [
        { text: 'Good morning and welcome to the meeting.', at: 0.5 },
        { text: 'We will talk about the budget today.', at: 5 },
      ],
    });
    const first = api.requests.length;
    await vscode.commands.executeCommand(Command.translateMedia, vscode.Uri.file(media.file), { targetLanguage: 'en', outputAudio: true, formats: ['srt', 'json', 'wav'] });
    const sent = api.requests.slice(first);
    assert.ok(sent.length > 0 && sent.every((q) => q.video !== undefined), 'every piece went with its picture');
    const requests = api.requests.length;
    const written = await vscode.commands.executeCommand<string | undefined>(Command.exportDubbedVideo, vscode.Uri.file(media.file));
    assert.equal(written, path.join(dir, 'talk.en.mp4'));
    assert.equal(api.requests.length, requests, 'the export sends nothing');
    const streams = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', `file:${written}`]).toString().trim().split('\n');
    assert.deepEqual(streams, ['video', 'audio', 'audio', 'subtitle']);
  });
});
