import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from '../../../src/vscode/commands/commandIds';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech } from '../../fakes/media';
import { makeTwoTrackMkv } from '../../fakes/multiTrack';

const extensionId = 'media-translate.media-translate';
const key = 'sk-vscode-rough-edges-7c41e9';

interface Notice {
  seq: number;
  level: string;
  text: string;
  buttons: string[];
}
interface NoticeState {
  shown: Notice[];
  waiting: number;
  answered: boolean;
}

const notices = (arg?: { answer: string | null }): Promise<NoticeState> => Promise.resolve(vscode.commands.executeCommand<NoticeState>(Command.notices, arg));

function freshDir(name: string): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'the harness opens a workspace folder');
  const dir = path.join(root, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The number of the newest notice so far (0 before any). */
async function lastNotice(): Promise<number> {
  return (await notices()).shown.at(-1)?.seq ?? 0;
}

/** The notices shown after the one numbered `seq`. */
async function noticesSince(seq: number): Promise<Notice[]> {
  return (await notices()).shown.filter((n) => n.seq > seq);
}

/** The first notice shown after the one numbered `seq` that `match` accepts. */
async function noticeAfter(seq: number, match: (n: Notice) => boolean, what: string): Promise<Notice> {
  return until(async () => (await noticesSince(seq)).find(match), what);
}

/**
 * Runs Translate Media on `uri` (or another command on its argument) as a person would, taking the
 * first (default) entry of every Quick Pick it shows, until `done` says the run has got far enough.
 */
async function translateInteractively(uri: vscode.Uri | string, done: () => Promise<boolean>, command: string = Command.translateMedia): Promise<void> {
  const running = Promise.resolve(vscode.commands.executeCommand(command, uri));
  let settled = false;
  running.then(
    () => (settled = true),
    () => (settled = true),
  );
  await until(async () => {
    if (await done()) return true;
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return undefined;
  }, 'the interactive run');
  await running;
}

/**
 * Like `translateInteractively`, but takes the second entry of every Quick Pick. The two commands
 * are sent in the same tick, so no pick can open between them and take the other's keystroke.
 */
async function translateTakingSecond(uri: vscode.Uri, done: () => Promise<boolean>): Promise<void> {
  const running = Promise.resolve(vscode.commands.executeCommand(Command.translateMedia, uri));
  let settled = false;
  running.then(
    () => (settled = true),
    () => (settled = true),
  );
  await until(async () => {
    if (await done()) return true;
    if (!settled) {
      await Promise.all([
        vscode.commands.executeCommand('workbench.action.quickOpenSelectNext'),
        vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'),
      ]);
    }
    return undefined;
  }, 'the interactive run');
  await running;
}

describe('VS Code rough edges (issue 12)', function () {
  this.timeout(120_000);
  let api: FakeApi;
  const config = () => vscode.workspace.getConfiguration('mediaTranslate');

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    api = await startFakeApi({ apiKey: key });
    await config().update('baseUrl', api.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('region', 'singapore', vscode.ConfigurationTarget.Global);
    await config().update('targetLanguage', 'en', vscode.ConfigurationTarget.Global);
    await config().update('outputAudio', false, vscode.ConfigurationTarget.Global);
    await config().update('openAfterTranslation', 'none', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Command.setApiKey, key);
  });

  after(async () => {
    for (const setting of ['baseUrl', 'region', 'targetLanguage', 'outputAudio', 'openAfterTranslation']) {
      await config().update(setting, undefined, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand(Command.setApiKey, key);
    await api?.close();
  });

  it('asks before Clear API Key removes the key, and keeps it when the question is closed', async () => {
    const clearing = Promise.resolve(vscode.commands.executeCommand<boolean>(Command.clearApiKey));
    let result: boolean | undefined;
    clearing.then((r) => (result = r));
    const question = await until(async () => (await notices()).shown.find((n) => n.buttons.includes('Remove Key')), 'the question');
    assert.match(question.text, /Remove the API key for Singapore/);
    assert.equal(result, undefined, 'nothing is removed while the question is open');
    assert.ok((await notices({ answer: null })).answered);
    assert.equal(await clearing, false);
    assert.equal(await vscode.commands.executeCommand(Command.clearApiKey, { confirm: false }), true, 'the key was still there');
    assert.equal(await vscode.commands.executeCommand(Command.clearApiKey, { confirm: false }), false, 'and is gone now');
    await vscode.commands.executeCommand(Command.setApiKey, key);
  });

  it('removes the key when Remove Key is clicked', async () => {
    const clearing = Promise.resolve(vscode.commands.executeCommand<boolean>(Command.clearApiKey, 'singapore'));
    await until(async () => (await notices({ answer: 'Remove Key' })).answered || undefined, 'the question, to click Remove Key');
    assert.equal(await clearing, true);
    assert.equal(await vscode.commands.executeCommand(Command.clearApiKey, { confirm: false }), false);
    await vscode.commands.executeCommand(Command.setApiKey, key);
  });

  it('names the log button and the transcript command apart', () => {
    const pkg = vscode.extensions.getExtension(extensionId)?.packageJSON as { contributes: { commands: { command: string; title: string }[] } };
    const title = pkg.contributes.commands.find((c) => c.command === Command.showOutput)?.title;
    assert.equal(title, 'Show Translation Output');
  });

  it('leads a failure with the reason and the file name, and offers the log for a file that is not media', async () => {
    const dir = freshDir('not-media');
    const file = path.join(dir, 'notes.mp3');
    fs.writeFileSync(file, 'These are my meeting notes, not audio.\n'.repeat(20));
    const count = await lastNotice();
    let failure: Notice | undefined;
    await translateInteractively(vscode.Uri.file(file), async () => {
      failure = (await noticesSince(count)).find((n) => n.level !== 'info');
      return failure !== undefined;
    });
    assert.ok(failure);
    assert.match(failure.text, /^notes\.mp3 is not an audio or video file that can be read\./);
    assert.ok(!failure.text.includes(dir), `no folder in: ${failure.text}`);
    assert.deepEqual(failure.buttons, ['Show Log']);
    await notices({ answer: null });
  });

  it('offers Retry after a rejected key, and Retry runs the same file again with the key set since', async () => {
    const dir = freshDir('retry-key');
    const media = await makeSpeech({ dir, name: 'denied', format: 'wav', segments: [{ text: 'Good morning, and welcome to the meeting.', at: 0.3 }] });
    await vscode.commands.executeCommand(Command.setApiKey, 'sk-not-the-right-key');
    const count = await lastNotice();
    let failure: Notice | undefined;
    await translateInteractively(vscode.Uri.file(media.file), async () => {
      failure = (await noticesSince(count)).find((n) => n.level === 'error');
      return failure !== undefined;
    });
    assert.ok(failure);
    assert.match(failure.text, /^denied\.wav: The API key was rejected/);
    assert.deepEqual(failure.buttons, ['Set API Key', 'Retry', 'Open Settings']);
    assert.deepEqual(fs.readdirSync(dir), ['denied.wav']);
    await vscode.commands.executeCommand(Command.setApiKey, key);
    const before = await lastNotice();
    assert.ok((await notices({ answer: 'Retry' })).answered);
    const done = await noticeAfter(before, (n) => n.text.startsWith('Translated denied.wav'), 'the retried run to finish');
    assert.match(done.text, /wrote denied\.en\.srt, denied\.en\.txt/);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['denied.en.json', 'denied.en.srt', 'denied.en.txt', 'denied.wav']);
    for (const n of (await notices()).shown) assert.ok(!n.text.includes('sk-not-the-right-key') && !n.text.includes(key), n.text);
  });

  it('offers Retry for a link after a rejected key, and Retry sends the same link again', async () => {
    const link = 'https://media.example.com/talks/retried-talk.mp3';
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    fs.rmSync(path.join(root, 'retried-talk.en.txt'), { force: true });
    await vscode.commands.executeCommand(Command.setApiKey, 'sk-not-the-right-key');
    const count = await lastNotice();
    let failure: Notice | undefined;
    await translateInteractively(
      link,
      async () => {
        failure = (await noticesSince(count)).find((n) => n.level === 'error');
        return failure !== undefined;
      },
      Command.translateUrl,
    );
    assert.ok(failure);
    assert.match(failure.text, /^retried-talk: The API key was rejected/);
    assert.deepEqual(failure.buttons, ['Set API Key', 'Retry', 'Open Settings']);
    await vscode.commands.executeCommand(Command.setApiKey, key);
    const before = await lastNotice();
    const sent = api.requests.length;
    assert.ok((await notices({ answer: 'Retry' })).answered);
    await noticeAfter(before, (n) => n.text.startsWith('Translated retried-talk'), 'the retried link to finish');
    assert.ok(fs.existsSync(path.join(root, 'retried-talk.en.txt')));
    assert.ok(JSON.stringify(api.requests[sent].body).includes(link), 'the same link was sent again');
    fs.rmSync(path.join(root, 'retried-talk.en.txt'), { force: true });
  });

  it('offers Retry after a failure that may pass', async () => {
    const dir = freshDir('retry-server');
    const media = await makeSpeech({ dir, name: 'busy', format: 'wav', segments: [{ text: 'The server is busy today.', at: 0.3 }] });
    await config().update('maxRetries', 0, vscode.ConfigurationTarget.Global);
    api.faults.push({ kind: '503' });
    try {
      const count = await lastNotice();
      let failure: Notice | undefined;
      await translateInteractively(vscode.Uri.file(media.file), async () => {
        failure = (await noticesSince(count)).find((n) => n.level === 'error');
        return failure !== undefined;
      });
      assert.ok(failure);
      assert.match(failure.text, /^busy\.wav: /);
      assert.deepEqual(failure.buttons, ['Retry', 'Show Log']);
      await notices({ answer: null });
    } finally {
      await config().update('maxRetries', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('asks which audio track to translate only for a file with several, with the default first', async () => {
    const dir = freshDir('track-pick');
    const mkv = await makeTwoTrackMkv({ dir, name: 'film' });
    const single = await makeSpeech({ dir, name: 'single', format: 'wav', segments: [{ text: 'Only one track here.', at: 0.3 }] });
    // The second entry of the track pick is the silent first track, since the default comes first.
    let count = await lastNotice();
    let said: Notice | undefined;
    await translateTakingSecond(vscode.Uri.file(mkv.file), async () => {
      said = (await noticesSince(count)).find((n) => /film\.mkv/.test(n.text));
      return said !== undefined;
    });
    assert.ok(said);
    assert.match(said.text, /^No speech was found in audio track 0 \(eng, Silence, vorbis, mono\) of film\.mkv, which has 2/);
    // A file with one track has no such pick, so the same answers translate it.
    count = await lastNotice();
    await translateTakingSecond(vscode.Uri.file(single.file), async () => {
      said = (await noticesSince(count)).find((n) => /single\.wav/.test(n.text));
      return said !== undefined;
    });
    assert.match(said.text, /^Translated single\.wav/);
    await notices({ answer: null });
  });

  it('translates the track chosen with the automation option audioTrack, and the default track without it', async () => {
    const dir = freshDir('tracks');
    const mkv = await makeTwoTrackMkv({ dir, name: 'film' });
    const written = await vscode.commands.executeCommand<vscode.Uri[]>(Command.translateMedia, vscode.Uri.file(mkv.file), { targetLanguage: 'en' });
    assert.deepEqual(written.map((u) => path.basename(u.fsPath)).sort(), ['film.en.json', 'film.en.srt', 'film.en.txt']);
    const silent = await Promise.resolve(
      vscode.commands.executeCommand(Command.translateMedia, vscode.Uri.file(mkv.file), { targetLanguage: 'en', audioTrack: 0 }),
    ).then(
      () => undefined,
      (e: Error & { reason?: string }) => e,
    );
    assert.equal(silent?.reason, 'noSpeech', String(silent));
  });
});
