import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatSpan } from '../../../src/core/timeline';
import { Command } from '../../../src/vscode/commands/commandIds';
import { collectEvents, engineJob } from '../../fakes/engineJob';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeCutShortMp4, makeSpeech } from '../../fakes/media';
import { parseSubtitles } from '../../fakes/parseSubtitles';

const extensionId = 'media-translate.media-translate';
const key = 'sk-vscode-suite-5b1e0c2d9a';

type Rejection = Error & { reason?: string };

/** A fresh folder inside the workspace, so each test sees only its own files. */
function freshDir(name: string): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'the harness opens a workspace folder');
  const dir = path.join(root, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function openTabs(): string[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .map((t) => (t.input instanceof vscode.TabInputText ? t.input.uri : undefined))
    .filter((u): u is vscode.Uri => u !== undefined)
    .map((u) => (u.scheme === 'file' ? u.fsPath : u.toString()));
}

function translate(target: vscode.Uri | vscode.Uri[], options: Record<string, unknown>): Promise<vscode.Uri[]> {
  return Promise.resolve(vscode.commands.executeCommand<vscode.Uri[]>(Command.translateMedia, target, options));
}

async function rejection(p: Promise<unknown>): Promise<Rejection> {
  try {
    await p;
  } catch (e) {
    return e as Rejection;
  }
  assert.fail('the command should have failed');
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Translate Media against the local test server', function () {
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
    await api?.close();
  });

  /**
   * Starts a run that can be watched mid-way (a slow server, one 10 s piece at a time, three
   * stretches of speech 11 s apart) and hands it to `check`, which must let it finish or cancel it.
   * Each answer waits before its first word, so the run lasts seconds after its first cue: the live
   * tab, opened through the workbench, is seen well before the files are written even on a busy machine.
   * A failed check cancels the run, so it cannot spill into the next test; the settings come back.
   */
  async function watchSlowRun(name: string, sentence: (i: number) => string, check: (dir: string, running: Promise<vscode.Uri[]>) => Promise<void>): Promise<void> {
    const slow = await startFakeApi({ apiKey: key, workPerSourceSecondMs: 400, ttftMs: 1500 });
    await config().update('baseUrl', slow.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('concurrency', 1, vscode.ConfigurationTarget.Global);
    await config().update('segmentSeconds', 10, vscode.ConfigurationTarget.Global);
    let running: Promise<vscode.Uri[]> | undefined;
    let checked = false;
    try {
      const dir = freshDir(name);
      const segments = [0, 1, 2].map((i) => ({ text: sentence(i), at: 0.5 + i * 11 }));
      const media = await makeSpeech({ dir, name, format: 'wav', segments });
      running = translate(vscode.Uri.file(media.file), { targetLanguage: 'en' });
      running.catch(() => undefined);
      await check(dir, running);
      checked = true;
    } finally {
      if (running && !checked) await vscode.commands.executeCommand(Command.cancel);
      await running?.catch(() => undefined);
      await config().update('baseUrl', api.baseUrl, vscode.ConfigurationTarget.Global);
      await config().update('concurrency', undefined, vscode.ConfigurationTarget.Global);
      await config().update('segmentSeconds', undefined, vscode.ConfigurationTarget.Global);
      await slow.close();
    }
  }

  it('translates a workspace WAV with speech: writes .srt, .txt, .wav and the record and opens the subtitles in a tab', async () => {
    const dir = freshDir('wav');
    const media = await makeSpeech({
      dir,
      name: 'talk',
      format: 'wav',
      segments: [
        { text: 'Good morning and welcome to the meeting.', at: 0.5 },
        { text: 'We will talk about the budget today.', at: 5 },
      ],
    });
    const written = await translate(vscode.Uri.file(media.file), { targetLanguage: 'en', outputAudio: true });
    const names = written.map((u) => path.basename(u.fsPath)).sort();
    assert.deepEqual(names, ['talk.en.json', 'talk.en.srt', 'talk.en.txt', 'talk.en.wav']);
    for (const uri of written) assert.ok(fs.statSync(uri.fsPath).size > 0, `${uri.fsPath} is not empty`);
    const cues = parseSubtitles(fs.readFileSync(path.join(dir, 'talk.en.srt'), 'utf8'));
    assert.ok(cues.length >= 2, `cues: ${JSON.stringify(cues)}`);
    assert.ok(openTabs().includes(path.join(dir, 'talk.en.srt')), `the .srt is open: ${openTabs().join(', ')}`);
    assert.ok(!openTabs().some((t) => t.startsWith('media-translate-live:')), 'the live tab was replaced by the file');
  });

  it('shows each piece\'s text under its time range and a summary in the Media Translate output', async () => {
    const transcript = await vscode.commands.executeCommand<string>(Command.transcriptText);
    const dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'wav');
    const text = fs.readFileSync(path.join(dir, 'talk.en.txt'), 'utf8').trim();
    const firstWords = text.split(/\s+/).slice(0, 3).join(' ');
    assert.ok(transcript.includes(firstWords), `the output has "${firstWords}":\n${transcript}`);
    assert.match(transcript, /\[00:0\d → 00:\d\d\]/);
    assert.match(transcript, /Done: \d+ pieces?.* tokens as reported by the API/);
    assert.ok(transcript.includes(path.join(dir, 'talk.en.srt')), 'the summary lists the files written');
    assert.ok(!transcript.includes(key), 'the key is not in the output');
  });

  it('translates a workspace MP4 without speech: writes .srt, .txt and the record only', async () => {
    const dir = freshDir('mp4');
    const media = await makeSpeech({ dir, name: 'clip', format: 'mp4', segments: [{ text: 'This is a short video clip.', at: 0.4 }] });
    const written = await translate([vscode.Uri.file(media.file)], { targetLanguage: 'en', outputAudio: false });
    assert.deepEqual(written.map((u) => path.basename(u.fsPath)).sort(), ['clip.en.json', 'clip.en.srt', 'clip.en.txt']);
    assert.ok(!fs.existsSync(path.join(dir, 'clip.en.wav')));
    assert.ok(openTabs().includes(path.join(dir, 'clip.en.srt')));
  });

  it('says in the output when a file decodes much shorter than it says it lasts, and still writes what it decoded', async () => {
    const dir = freshDir('cut');
    const cut = (await makeCutShortMp4({ dir, name: 'download' })).file;
    const written = await translate(vscode.Uri.file(cut), { targetLanguage: 'en', outputAudio: false });
    assert.deepEqual(written.map((u) => path.basename(u.fsPath)).sort(), ['download.en.json', 'download.en.srt', 'download.en.txt']);
    const transcript = await vscode.commands.executeCommand<string>(Command.transcriptText);
    assert.match(transcript, /Warning: Only 00:\d\d of audio could be decoded from .*download\.mp4, which says it lasts 00:20/);
  });

  it('opens the subtitles while they grow, then replaces the live tab with the written file', async () => {
    await watchSlowRun('story', (i) => `Part ${i + 1} of the story.`, async (dir, running) => {
      const liveDoc = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'media-translate-live' && d.uri.path.startsWith('/story.en'));
      const cueCount = () => (liveDoc()?.getText().match(/ --> /g) ?? []).length;
      await until(() => cueCount() >= 1, 'the live document with a first cue');
      await until(() => openTabs().some((t) => t.startsWith('media-translate-live:')), 'the live document in a tab');
      assert.ok(!fs.existsSync(path.join(dir, 'story.en.srt')), 'the file is not written yet');
      const first = cueCount();
      await until(() => cueCount() > first, 'the live tab to grow');
      await running;
      assert.ok(openTabs().includes(path.join(dir, 'story.en.srt')));
      assert.ok(!openTabs().some((t) => t.startsWith('media-translate-live:')), 'the live tab is gone');
    });
  });

  it('shows the written file once when it was the active editor during a second run', async () => {
    const dir = freshDir('again');
    const media = await makeSpeech({ dir, name: 'again', format: 'wav', segments: [{ text: 'Once more with feeling.', at: 0.4 }] });
    const srt = path.join(dir, 'again.en.srt');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await translate(vscode.Uri.file(media.file), { targetLanguage: 'en' });
    assert.deepEqual(openTabs(), [srt], 'the first run shows the file alone');
    await vscode.window.showTextDocument(vscode.Uri.file(srt), { preview: false });
    await translate(vscode.Uri.file(media.file), { targetLanguage: 'en' });
    const shown = openTabs().filter((t) => t === srt);
    assert.equal(shown.length, 1, `tabs: ${openTabs().join(', ')}`);
    assert.ok(!openTabs().some((t) => t.startsWith('media-translate-live:')), 'the live tab is gone');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('closes the live tab and drops its text when a run is cancelled', async () => {
    await watchSlowRun('chapters', (i) => `Chapter ${i + 1} begins here.`, async (_dir, running) => {
      const liveTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'media-translate-live');
      await until(() => liveTab() !== undefined, 'the live tab');
      const uri = (liveTab()!.input as vscode.TabInputText).uri;
      await vscode.commands.executeCommand(Command.cancel);
      assert.equal((await rejection(running)).reason, 'cancelled');
      assert.equal(liveTab(), undefined, `tabs: ${openTabs().join(', ')}`);
      const reopened = await vscode.workspace.openTextDocument(uri);
      await until(() => reopened.getText() === '', 'the part-finished cues to be dropped', 5_000);
    });
  });

  it('sends a public URL as is and writes the text named after the link', async () => {
    const dir = freshDir('url');
    const before = api.requests.length;
    const written = await vscode.commands.executeCommand<vscode.Uri[]>(Command.translateUrl, 'https://media.example.com/talks/remote-talk.mp3', {
      targetLanguage: 'en',
      folder: vscode.Uri.file(dir),
    });
    assert.deepEqual(written.map((u) => path.basename(u.fsPath)), ['remote-talk.en.txt']);
    assert.ok(fs.readFileSync(path.join(dir, 'remote-talk.en.txt'), 'utf8').trim().length > 0);
    assert.equal(api.requests.length, before + 1, 'one request');
    assert.ok(JSON.stringify(api.requests[before].body).includes('https://media.example.com/talks/remote-talk.mp3'), 'the link itself was sent');
  });

  it('reports a rejected key as unauthorized', async () => {
    const dir = freshDir('unauthorized');
    const media = await makeSpeech({ dir, name: 'denied', format: 'wav', segments: [{ text: 'Nobody will hear this.', at: 0.3 }] });
    await vscode.commands.executeCommand(Command.setApiKey, 'sk-not-the-right-key');
    try {
      const e = await rejection(translate(vscode.Uri.file(media.file), { targetLanguage: 'en' }));
      assert.equal(e.reason, 'unauthorized', e.message);
      assert.deepEqual(fs.readdirSync(dir), ['denied.wav'], 'no outputs were written');
    } finally {
      await vscode.commands.executeCommand(Command.setApiKey, key);
    }
  });

  it("reports a later piece's moderation error as itself while an earlier piece still streams, not as cancelled", async () => {
    await config().update('segmentSeconds', 10, vscode.ConfigurationTarget.Global);
    await config().update('concurrency', 2, vscode.ConfigurationTarget.Global);
    try {
      const dir = freshDir('blocked');
      // Sentences of clearly different lengths, so that each piece can be told by its length.
      const texts = ['A short first sentence.', 'The second sentence of this talk is a good deal longer than the first one was.', 'And a third.'];
      const segments = texts.map((text, i) => ({ text, at: 0.5 + i * 11 }));
      const media = await makeSpeech({ dir, name: 'meeting', format: 'wav', segments });
      // The pieces as the engine cuts them, told apart by their lengths (outside the workspace's folder).
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-blocked-'));
      const clean = await collectEvents({ ...engineJob(media.file, { apiKey: key, baseUrl: api.baseUrl, dir: scratch }), segmentSeconds: 10 });
      fs.rmSync(scratch, { recursive: true, force: true });
      const pieces = clean.flatMap((ev) => (ev.type === 'pieceStarted' ? [ev.piece] : []));
      const seconds = pieces.map((p) => p.end - p.start);
      assert.ok(pieces.length >= 2 && Math.abs(seconds[0] - seconds[1]) > 0.05, JSON.stringify(pieces));
      // The first piece stalls a while, so the second one fails while the first is in flight.
      const near = (s: number | undefined, i: number): boolean => s !== undefined && Math.abs(s - seconds[i]) < 0.01;
      api.setOptions({
        pickFault: (q) =>
          near(q.audioSeconds, 0) ? { kind: 'stall', afterChunks: 1, ms: 1500 } : near(q.audioSeconds, 1) ? { kind: '400', code: 'data_inspection_failed' } : undefined,
      });
      const e = await rejection(translate(vscode.Uri.file(media.file), { targetLanguage: 'en' }));
      assert.equal(e.reason, 'contentBlocked', e.message);
      assert.ok(e.message.startsWith(`Piece ${formatSpan(pieces[1])}: the API's content moderation blocked`), e.message);
      assert.deepEqual(fs.readdirSync(dir), ['meeting.wav'], 'no outputs were written');
    } finally {
      api.setOptions({ pickFault: undefined });
      await config().update('segmentSeconds', undefined, vscode.ConfigurationTarget.Global);
      await config().update('concurrency', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('stops the requests when cancelled and leaves no partial files', async () => {
    const slow = await startFakeApi({ apiKey: key, ttftMs: 4000, workPerSourceSecondMs: 200 });
    await config().update('baseUrl', slow.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('cacheFinishedPieces', false, vscode.ConfigurationTarget.Global);
    try {
      const dir = freshDir('cancel');
      const segments = [0, 1, 2, 3, 4, 5].map((i) => ({ text: `Sentence number ${i + 1} of a long talk.`, at: 0.5 + i * 6 }));
      const media = await makeSpeech({ dir, name: 'long', format: 'wav', segments });
      await config().update('segmentSeconds', 10, vscode.ConfigurationTarget.Global);
      const running = translate(vscode.Uri.file(media.file), { targetLanguage: 'en', outputAudio: true });
      running.catch(() => undefined);
      await until(() => slow.requests.length > 0, 'the first request');
      const cancelledAt = Date.now();
      assert.equal(await vscode.commands.executeCommand(Command.cancel), 1);
      const e = await rejection(running);
      assert.equal(e.reason, 'cancelled', e.message);
      assert.ok(Date.now() - cancelledAt < 3000, `stopped in ${Date.now() - cancelledAt} ms`);
      const sent = slow.requests.length;
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(slow.requests.length, sent, 'no request is sent after cancelling');
      assert.deepEqual(fs.readdirSync(dir), ['long.wav'], 'no partial outputs or temporary files');
      assert.equal(await vscode.commands.executeCommand(Command.cancel), 0, 'nothing is left running');
    } finally {
      await config().update('baseUrl', api.baseUrl, vscode.ConfigurationTarget.Global);
      await config().update('cacheFinishedPieces', undefined, vscode.ConfigurationTarget.Global);
      await config().update('segmentSeconds', undefined, vscode.ConfigurationTarget.Global);
      await slow.close();
    }
  });

  it('clears only the cache of finished pieces, never other files in its folder', async function () {
    // The extension's global storage, as the code-server harness lays it out beside the workspace.
    const workspace = process.env.MT_TEST_WORKSPACE;
    const cache = workspace && path.join(path.dirname(workspace), 'user-data', 'User', 'globalStorage', extensionId, 'cache');
    if (!cache || !fs.existsSync(cache)) return this.skip();
    const pieces = () => (fs.readdirSync(cache, { recursive: true }) as string[]).filter((f) => f.endsWith('.json'));
    assert.ok(pieces().length >= 1, 'earlier runs cached their pieces');
    const keep = path.join(cache, 'keep.txt');
    fs.writeFileSync(keep, 'not the cache\'s');
    const removed = await vscode.commands.executeCommand<number>(Command.clearCache);
    assert.ok(removed >= 1, `removed ${removed}`);
    assert.deepEqual(pieces(), []);
    assert.equal(fs.readFileSync(keep, 'utf8'), 'not the cache\'s');
    fs.rmSync(keep);
  });

  it('leaves the key in no file of the workspace', () => {
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).filter((f) => fs.statSync(f).isFile());
    for (const file of files) assert.ok(!fs.readFileSync(file).includes(key), `${file} does not contain the key`);
  });
});
