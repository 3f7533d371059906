import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from '../../../src/vscode/commands/commandIds';
import { startFakeApi, type FakeApi } from '../../fakes/fakeApi';
import { makeSpeech } from '../../fakes/media';

// The file sorts after documents.test.ts, whose first test needs the extension not yet activated.
const extensionId = 'media-translate.media-translate';
const key = 'sk-vscode-cost-5d20a1';

interface Notice {
  seq: number;
  level: string;
  text: string;
  buttons: string[];
}
interface ShownPick {
  title: string;
  placeHolder: string;
  items: { label: string; detail?: string }[];
}
interface Shown {
  shown: Notice[];
  waiting: number;
  answered: boolean;
  picks: ShownPick[];
}

const shown = (arg?: { answer: string | null }): Promise<Shown> => Promise.resolve(vscode.commands.executeCommand<Shown>(Command.notices, arg));

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

/** The first notice after the one numbered `seq` that `match` accepts. */
async function noticeAfter(seq: number, match: (n: Notice) => boolean, what: string): Promise<Notice> {
  return until(async () => (await shown()).shown.find((n) => n.seq > seq && match(n)), what);
}

/**
 * Runs Translate Media on `uri` as a person would, taking the first (default) entry of every Quick
 * Pick, until `done` says the run has got far enough; resolves with the command's promise, wrapped
 * so that it is not awaited here: the command may be waiting for an answer the caller gives next.
 */
async function translateInteractively(uri: vscode.Uri, done: () => Promise<boolean>): Promise<{ running: Promise<unknown> }> {
  const running = Promise.resolve(vscode.commands.executeCommand(Command.translateMedia, uri));
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
  return { running };
}

describe('The cost before and after a run (issue 13)', function () {
  this.timeout(120_000);
  let api: FakeApi;
  const config = () => vscode.workspace.getConfiguration('mediaTranslate');
  const settings: Record<string, unknown> = {
    region: 'singapore',
    targetLanguage: 'en',
    outputAudio: false,
    openAfterTranslation: 'none',
    // Low enough that the short test file counts as long and is asked about.
    confirmAboveMinutes: 0.1,
    prices: { singapore: { currency: 'USD', inputAudio: 10, outputText: 10, outputAudio: 38 } },
  };

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    api = await startFakeApi({ apiKey: key });
    await config().update('baseUrl', api.baseUrl, vscode.ConfigurationTarget.Global);
    for (const [name, value] of Object.entries(settings)) await config().update(name, value, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Command.setApiKey, key);
  });

  after(async () => {
    for (const name of ['baseUrl', ...Object.keys(settings)]) await config().update(name, undefined, vscode.ConfigurationTarget.Global);
    await api?.close();
  });

  it('shows the estimate in the last pick, asks before a long run, and sends nothing when the question is closed', async () => {
    const dir = freshDir('cost-closed');
    const media = await makeSpeech({ dir, name: 'long', format: 'wav', segments: [{ text: 'This talk is longer than the limit.', at: 0.5 }], totalSeconds: 20 });
    const before = (await shown()).shown.at(-1)?.seq ?? 0;
    const picksBefore = (await shown()).picks.length;
    const sent = api.requests.length;
    let question: Notice | undefined;
    const { running } = await translateInteractively(vscode.Uri.file(media.file), async () => {
      question = (await shown()).shown.find((n) => n.seq > before && n.buttons.includes('Translate'));
      return question !== undefined;
    });
    assert.ok(question);
    assert.equal(question.level, 'warning');
    assert.match(question.text, /^long\.wav is longer than 0\.1 minutes: 00:20 of media in about 1 piece, about 250 audio in \+ \d+ text out = \d+ tokens, about 0\.\d+ USD\. Translate it\?$/);
    // The last step asks about speech, and each answer carries its own estimate.
    const last = (await shown()).picks.slice(picksBefore).at(-1);
    assert.ok(last, 'the picks were recorded');
    assert.match(last.title, /^Translate Media \(3\/3\)$/);
    const text = last.items.find((i) => i.label === 'Subtitles and text');
    const voice = last.items.find((i) => i.label.startsWith('Also translated speech'));
    assert.match(text?.detail ?? '', /^00:20 of media in about 1 piece, about 250 audio in \+ \d+ text out = \d+ tokens, about 0\.\d+ USD$/);
    assert.match(voice?.detail ?? '', /speech out = \d+ tokens, about 0\.\d+ USD$/);
    assert.ok((await shown({ answer: null })).answered);
    await running;
    assert.equal(api.requests.length, sent, 'nothing was sent');
    assert.deepEqual(fs.readdirSync(dir), ['long.wav']);
  });

  it('runs after Translate, and the summary shows the tokens by kind and their cost', async () => {
    const dir = freshDir('cost-confirmed');
    const media = await makeSpeech({ dir, name: 'long', format: 'wav', segments: [{ text: 'This talk is longer than the limit.', at: 0.5 }], totalSeconds: 20 });
    const before = (await shown()).shown.at(-1)?.seq ?? 0;
    const first = api.requests.length;
    const { running } = await translateInteractively(vscode.Uri.file(media.file), async () => (await shown({ answer: 'Translate' })).answered);
    await running;
    await noticeAfter(before, (n) => n.text.startsWith('Translated long.wav'), 'the run to finish');
    const reported = api.requests.slice(first).map((r) => r.outcome?.usage);
    assert.ok(reported.length > 0 && reported.every((u) => u !== undefined));
    const audioIn = reported.reduce((n, u) => n + u!.prompt_tokens_details.audio_tokens, 0);
    const textOut = reported.reduce((n, u) => n + u!.completion_tokens_details.text_tokens, 0);
    const cost = ((audioIn + textOut) * 10) / 1e6;
    const transcript = await vscode.commands.executeCommand<string>(Command.transcriptText);
    const done = transcript.split('\n').filter((l) => l.startsWith('Done: ')).at(-1) ?? '';
    assert.ok(done.includes(`${audioIn} audio in + ${textOut} text out = ${audioIn + textOut} tokens as reported by the API, ${cost.toPrecision(2)} USD, `), done);
    assert.ok(fs.existsSync(path.join(dir, 'long.en.srt')));
  });
});
