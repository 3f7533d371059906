// Named to run first: the extension must activate on a subtitle file alone, before any other suite
// activates it or runs a command.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cleanSrt, cleanVtt, lines } from '../../unit/subtitles/craftedFiles';

const extensionId = 'media-translate.media-translate';
const source = 'Media Translate';

/** A faulty SubRip file as another tool might leave it: code and 0-based line of each problem. */
const faultySrt = lines(
  '1',
  '00:00:01,000 --> 00:00:01,400', // 1: too short
  'Hi.',
  '',
  '2',
  '00:00:03,000 --> 00:00:07,000', // 5: overlaps the next cue
  'This single line is much longer than the forty-two characters allowed.', // 6: too long a line
  '',
  '3',
  '00:00:05,500 --> 00:00:08,000',
  'Overlapping.',
  '',
  '4',
  '00:00:0x,000 --> 00:00:10,000', // 13: not a timestamp
  'Bad.',
);
const faultySrtProblems = ['001 tooShort', '005 overlap', '006 lineLength', '013 malformedTimestamp'];

const faultyVtt = lines(
  'WEBVTT',
  '',
  'NOTE not a cue',
  '',
  '00:01.000 --> 00:01.300 align:start', // 4: too short and too fast
  'Too fast to read, surely.',
  '',
  'stray text', // 7: not part of a cue
  '',
  '00:03.000 --> 00:05.000', // 9: no text
  '',
  '00:06.000 --> 00:08.000',
  'Fine.',
);
const faultyVttProblems = ['004 readingSpeed', '004 tooShort', '007 malformedBlock', '009 emptyCue'];

/**
 * A long SubRip file, clean but for three faults far apart: a long line in the first cue, the 200th
 * cue running into the next, and the last cue too short to read. Cue i starts at 3i s.
 */
function longSrt(cues: number): string {
  const stamp = (seconds: number): string => {
    const ms = Math.round(seconds * 1000);
    const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
    return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
  };
  const blocks: string[] = [];
  for (let i = 1; i <= cues; i++) {
    const start = 3 * i;
    const end = start + (i === 200 ? 4 : i === cues ? 0.4 : 2.5);
    const text = i === 1 ? 'This first line runs on well past the limit.' : `Cue number ${i} is fine.`;
    blocks.push(`${i}\n${stamp(start)} --> ${stamp(end)}\n${text}\n`);
  }
  return blocks.join('\n');
}

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens a workspace folder');
  return folder.uri.fsPath;
}

/** Writes a file into the workspace (as another tool would) and opens it in an editor. */
async function open(name: string, text: string): Promise<vscode.TextEditor> {
  const file = path.join(workspaceDir(), 'subtitles', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(doc);
}

async function waitFor<T>(what: string, get: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);
}

/** `line code` for each of our diagnostics, sorted. */
function summary(uri: vscode.Uri): string[] {
  return ours(uri)
    .map((d) => `${String(d.range.start.line).padStart(3, '0')} ${String(d.code)}`)
    .sort();
}

/** Waits until our diagnostics on `uri` read `expected`, and returns them. */
async function expectProblems(uri: vscode.Uri, expected: string[]): Promise<vscode.Diagnostic[]> {
  try {
    await waitFor(`problems ${expected.join(', ')}`, () => JSON.stringify(summary(uri)) === JSON.stringify(expected));
  } catch (e) {
    assert.deepEqual(summary(uri), expected, String(e));
  }
  return ours(uri);
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

async function apply(action: vscode.CodeAction | undefined): Promise<void> {
  assert.ok(action?.edit, `the action ${action?.title ?? '(missing)'} has an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

async function symbolNames(uri: vscode.Uri): Promise<string[]> {
  const symbols = await waitFor('document symbols', async () => {
    const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    return found && found.length > 0 ? found : undefined;
  });
  return symbols.map((s) => s.name);
}

describe('Subtitle files as documents', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates when a .srt the extension did not write opens, with no command run first, and shows it as SubRip', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    assert.equal(ext.isActive, false, 'nothing has activated the extension yet');
    const editor = await open('faulty.srt', faultySrt);
    assert.equal(editor.document.languageId, 'srt');
    await waitFor('activation', () => ext.isActive);
  });

  it('lists the problems of a faulty .srt on their lines, with their severities', async () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    assert.ok(uri);
    const diagnostics = await expectProblems(uri, faultySrtProblems);
    const severity = (code: string) => diagnostics.find((d) => d.code === code)?.severity;
    assert.equal(severity('malformedTimestamp'), vscode.DiagnosticSeverity.Error);
    assert.equal(severity('lineLength'), vscode.DiagnosticSeverity.Warning);
    const line = diagnostics.find((d) => d.code === 'lineLength');
    assert.equal(line?.message, 'This line has 70 characters, over the maximum of 42.');
  });

  it('applies a quick fix as one edit that removes its problem, and Undo brings it back', async () => {
    const editor = await open('quickfix.srt', faultySrt);
    const uri = editor.document.uri;
    const [lineLength] = (await expectProblems(uri, faultySrtProblems)).filter((d) => d.code === 'lineLength');
    const actions = await quickFixes(uri, lineLength.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Fix all safe problems in file'), titles.join(' | '));
    await apply(actions.find((a) => a.title === 'Rebalance the line break'));
    assert.equal(editor.document.lineAt(6).text, 'This single line is much longer');
    await expectProblems(uri, ['001 tooShort', '005 overlap', '014 malformedTimestamp']);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    await waitFor('the undo', () => editor.document.getText() === faultySrt);
    await expectProblems(uri, faultySrtProblems);
  });

  it('fixes every safe problem at once through source.fixAll, leaving what needs a person', async () => {
    const editor = await open('fixall.srt', faultySrt);
    const uri = editor.document.uri;
    await expectProblems(uri, faultySrtProblems);
    const all = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(0, 0, all.line, all.character),
      vscode.CodeActionKind.SourceFixAll.value,
      1,
    );
    await apply(actions?.find((a) => a.title === 'Fix all safe problems in file'));
    // Ending cue 2 before cue 3 leaves it too fast to read: a choice (merge, shorter text) for a person.
    await expectProblems(uri, ['005 readingSpeed', '014 malformedTimestamp']);
    assert.match(editor.document.getText(), /^00:00:01,000 --> 00:00:01,834$/m, 'the short cue took the pause after it');
  });

  it('shows no problem on a clean .srt or .vtt', async () => {
    // Opened beside a faulty file: once that one shows its problems, the clean ones have been checked too.
    const clean = [await open('clean.srt', cleanSrt), await open('clean.vtt', cleanVtt)];
    const faulty = await open('faulty-too.srt', faultySrt);
    await expectProblems(faulty.document.uri, faultySrtProblems);
    for (const editor of clean) assert.deepEqual(summary(editor.document.uri), [], editor.document.fileName);
    assert.equal(clean[1].document.languageId, 'webvtt');
  });

  it('lists every problem of a long .srt, the last cue’s too, and those of the newest text after an edit', async () => {
    // Long files are checked a slice of cues at a time; a fault past the first slices, or at their
    // edge, must still be listed, and an edit made while a check runs must win over it.
    const editor = await open('long.srt', longSrt(650));
    const uri = editor.document.uri;
    await expectProblems(uri, ['002 lineLength', '2597 readingSpeed', '2597 tooShort', '797 overlap']);
    const last = editor.document.lineAt(2597);
    assert.ok(await editor.edit((e) => e.replace(last.range, last.text.replace(/ --> .*/, ' --> 00:32:33,000'))));
    await expectProblems(uri, ['002 lineLength', '797 overlap']);
  });

  it('offers a quick fix once when two problems of the cue share it', async () => {
    // Read too fast and too close to the next cue: both problems offer the merge.
    const text = '1\n00:00:01,000 --> 00:00:02,000\n这是一个很长的句子，观众在一秒钟之内根本读不完它。\n\n2\n00:00:02,010 --> 00:00:04,000\n第二句。\n';
    const editor = await open('twice.zh.srt', text);
    const uri = editor.document.uri;
    await waitFor('two problems on the first cue', () => ours(uri).filter((d) => d.range.start.line <= 2).length >= 2);
    const titles = (await quickFixes(uri, new vscode.Range(1, 0, 2, 0))).map((a) => a.title);
    assert.ok(titles.includes('Merge with the next cue'), titles.join(' | '));
    assert.deepEqual(titles, [...new Set(titles)], titles.join(' | '));
  });

  it('lists every cue in the Outline as its start and first words, and folds each cue', async () => {
    const editor = await open('outline.srt', cleanSrt);
    assert.deepEqual(await symbolNames(editor.document.uri), ['00:00:01 The first cue, on one line.', '00:00:03 A second cue on two lines.', '01:00:00 An hour later.']);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', editor.document.uri);
    assert.deepEqual(folds?.map((f) => [f.start, f.end]), [[0, 2], [4, 7], [9, 11]]);
  });

  it('keeps a right-to-left cue apart from its start time in the Outline', async () => {
    const editor = await open('rtl.ar.srt', '1\n00:00:03,000 --> 00:00:03,900\nشكرا جزيلا.\n');
    // Isolated, the Arabic cannot pull the time's digits into its own right-to-left run.
    assert.deepEqual(await symbolNames(editor.document.uri), ['00:00:03 \u2068شكرا جزيلا.\u2069']);
  });

  it('does the same for a faulty .vtt: problems on their lines, a quick fix, the Outline', async () => {
    const editor = await open('faulty.vtt', faultyVtt);
    const uri = editor.document.uri;
    assert.equal(editor.document.languageId, 'webvtt');
    const [empty] = (await expectProblems(uri, faultyVttProblems)).filter((d) => d.code === 'emptyCue');
    await apply((await quickFixes(uri, empty.range)).find((a) => a.title === 'Remove the empty cue'));
    await expectProblems(uri, ['004 readingSpeed', '004 tooShort', '007 malformedBlock']);
    assert.deepEqual(await symbolNames(uri), ['00:00:01 Too fast to read, surely.', '00:00:06 Fine.']);
    const vtt = await open('outline.vtt', cleanVtt);
    assert.deepEqual(await symbolNames(vtt.document.uri), ['00:00:01 The first cue, on one line.', '00:00:03 A second cue on two lines & more.', '01:00:00 An hour later.']);
  });

  it('takes the language from the file name and the limits from the settings, and can be turned off', async () => {
    const text = lines('1', '00:00:01,000 --> 00:00:06,000', '今日はとても良い天気ですね。');
    const plain = await open('weather.srt', text);
    const japanese = await open('weather.ja.srt', text);
    await expectProblems(japanese.document.uri, ['002 lineLength']);
    assert.deepEqual(summary(plain.document.uri), [], 'English limits: 14 characters fit');
    const config = vscode.workspace.getConfiguration('mediaTranslate');
    try {
      await config.update('subtitleProfile', 'custom', vscode.ConfigurationTarget.Global);
      await config.update('customSubtitleLimits', { maxLineChars: 10 }, vscode.ConfigurationTarget.Global);
      await expectProblems(plain.document.uri, ['002 lineLength']);
      await config.update('checkSubtitles', false, vscode.ConfigurationTarget.Global);
      await expectProblems(japanese.document.uri, []);
      await expectProblems(plain.document.uri, []);
    } finally {
      for (const key of ['subtitleProfile', 'customSubtitleLimits', 'checkSubtitles']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await expectProblems(japanese.document.uri, ['002 lineLength']);
  });
});
