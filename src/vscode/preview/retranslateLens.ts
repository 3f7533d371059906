import * as vscode from 'vscode';
import { formatSpan } from '../../core/timeline';
import { Command } from '../commands/commandIds';
import { pairForSubtitles } from './findPair';
import { previewCues } from './previewCues';

/**
 * A code lens on the first cue of each piece in a subtitle file whose translation record lies
 * beside it: "Retranslate piece N (00:30–01:00)", which translates that piece again.
 */
export class RetranslateLens implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (doc.uri.scheme !== 'file') return [];
    const pair = pairForSubtitles(doc.fileName);
    if (!pair.record || !pair.recordFile) return [];
    const record = pair.record;
    const cues = previewCues(doc.getText(), doc.languageId === 'webvtt' ? 'vtt' : 'srt', record);
    const lenses: vscode.CodeLens[] = [];
    cues.forEach((cue, i) => {
      if (cue.piece === undefined || (i > 0 && cues[i - 1].piece === cue.piece)) return;
      const parts = record.pieces.filter((p) => p.index === cue.piece);
      const span = { start: parts[0]?.start ?? cue.start, end: parts[parts.length - 1]?.end ?? cue.end };
      lenses.push(
        new vscode.CodeLens(new vscode.Range(cue.line, 0, cue.line, 0), {
          title: `$(sync) Retranslate piece ${cue.piece + 1} (${formatSpan(span)})`,
          tooltip: 'Send this piece to the model again and replace its cues and its speech; every other cue stays as it is.',
          command: Command.retranslatePiece,
          arguments: [vscode.Uri.file(pair.recordFile as string), cue.piece, { interactive: true }],
        }),
      );
    });
    return lenses;
  }
}
