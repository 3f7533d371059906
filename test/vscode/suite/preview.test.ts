import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from '../../../src/vscode/commands/commandIds';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech } from '../../fakes/media';
import { parseSubtitles } from '../../fakes/parseSubtitles';

const extensionId = 'media-translate.media-translate';
const key = 'sk-vscode-preview-3c9d1e';

interface RecordJson {
  pieces: { index: number; text: string }[];
  cues: { start: number; end: number; text: string; piece: number }[];
}

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('mediaTranslate.preview'));
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Preview Translation and Retranslate Piece', function () {
  this.timeout(120_000);
  let api: FakeApi;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('mediaTranslate');
  const file = (ext: string): string => path.join(dir, `lecture.en.${ext}`);

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    api = await startFakeApi({ apiKey: key });
    await config().update('baseUrl', api.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('region', 'singapore', vscode.ConfigurationTarget.Global);
    await config().update('segmentSeconds', 6, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Command.setApiKey, key);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root);
    dir = path.join(root, 'preview-suite');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const media = await makeSpeech({
      dir,
      name: 'lecture',
      format: 'wav',
      totalSeconds: 20,
      segments: [
        { text: 'The first part of the lecture begins now.', at: 0.5 },
        { text: 'Then we look at the second part in detail.', at: 7 },
        { text: 'And the third part closes the lecture.', at: 13.5 },
      ],
    });
    await vscode.commands.executeCommand(Command.translateMedia, vscode.Uri.file(media.file), { targetLanguage: 'en', outputAudio: true, formats: ['srt', 'txt', 'wav', 'json'] });
    assert.ok(fs.existsSync(file('json')) && fs.existsSync(file('wav')), 'the run wrote its record and dub');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const k of ['baseUrl', 'region', 'segmentSeconds']) await config().update(k, undefined, vscode.ConfigurationTarget.Global);
    await api?.close();
  });

  it('opens the player beside the subtitles given by URI, and once only', async () => {
    const shown = await vscode.commands.executeCommand<vscode.Uri>(Command.preview, vscode.Uri.file(file('srt')));
    assert.equal(shown?.fsPath, file('srt'));
    await until(() => previewTabs().length === 1, 'the player\'s tab');
    await vscode.commands.executeCommand(Command.preview, vscode.Uri.file(file('srt')));
    assert.equal(previewTabs().length, 1, 'the same panel is revealed again');
    assert.equal(previewTabs()[0].label, 'Preview lecture.en.srt');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.fileName === file('srt')), 'the subtitles are open beside it');
  });

  it('finds the translation beside a media file', async () => {
    const shown = await vscode.commands.executeCommand<vscode.Uri>(Command.preview, vscode.Uri.file(path.join(dir, 'lecture.wav')));
    assert.equal(shown?.fsPath, file('srt'));
  });

  it('offers a code lens on the first cue of each piece that retranslates it', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vscode.Uri.file(file('srt')));
    const ours = lenses.filter((l) => l.command?.command === Command.retranslatePiece);
    const record = JSON.parse(fs.readFileSync(file('json'), 'utf8')) as RecordJson;
    assert.equal(ours.length, new Set(record.cues.map((c) => c.piece)).size);
    assert.match(ours[0].command?.title ?? '', /^\$\(sync\) Retranslate piece 1 \(00:00–00:0\d\)$/u);
    assert.equal((ours[0].command?.arguments?.[0] as vscode.Uri).fsPath, file('json'));
  });

  it('retranslates one piece by (recordUri, pieceIndex), changing only its cues and record entries', async () => {
    const before = JSON.parse(fs.readFileSync(file('json'), 'utf8')) as RecordJson;
    const srtBefore = parseSubtitles(fs.readFileSync(file('srt'), 'utf8'));
    const wavBefore = fs.statSync(file('wav')).size;
    const k = before.pieces[1].index;
    api.setOptions({ sentenceChars: 70, speech: { toneShiftHz: 200 } });
    try {
      const written = await vscode.commands.executeCommand<vscode.Uri[]>(Command.retranslatePiece, vscode.Uri.file(file('json')), k);
      assert.deepEqual(written.map((u) => path.basename(u.fsPath)).sort(), ['lecture.en.json', 'lecture.en.srt', 'lecture.en.txt', 'lecture.en.wav']);
    } finally {
      api.setOptions({ sentenceChars: undefined, speech: undefined });
    }
    const after = JSON.parse(fs.readFileSync(file('json'), 'utf8')) as RecordJson;
    assert.deepEqual(after.pieces.filter((p) => p.index !== k), before.pieces.filter((p) => p.index !== k));
    assert.deepEqual(after.cues.filter((c) => c.piece !== k), before.cues.filter((c) => c.piece !== k));
    assert.notDeepEqual(after.cues.filter((c) => c.piece === k), before.cues.filter((c) => c.piece === k));
    const srtAfter = parseSubtitles(fs.readFileSync(file('srt'), 'utf8'));
    const keep = (cues: typeof srtAfter, r: RecordJson) => cues.filter((_, i) => r.cues[i].piece !== k);
    assert.deepEqual(keep(srtAfter, after), keep(srtBefore, before));
    assert.equal(fs.statSync(file('wav')).size, wavBefore, 'the dub keeps its length');
  });

  it('rejects, with a sentence, a piece the record does not have', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(Command.retranslatePiece, vscode.Uri.file(file('json')), 42)),
      /lecture\.en\.json has no piece 43; it has pieces 1 to \d+\./u,
    );
  });
});
