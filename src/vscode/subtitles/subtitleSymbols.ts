import * as vscode from 'vscode';
import { visibleText } from '../../core/subtitles/cueText';
import { firstLineOf, type ParsedCue, type ParsedSubtitles, type SubtitleFormat } from '../../core/subtitles/subtitleDocument';
import { LiveDocuments } from '../run/liveDocuments';
import type { SubtitleAnalyses } from './subtitleAnalyses';

/**
 * The Outline, breadcrumbs and Go to Symbol list every cue as `00:01:02 First words…`; each cue, and
 * each NOTE, STYLE or REGION block, folds. Not in the live tab of a running translation: it changes
 * with every piece, and reading all of it again for each change held up the extension host's
 * thread on a long file (the written file has both once it opens).
 */
export class SubtitleSymbols implements vscode.DocumentSymbolProvider, vscode.FoldingRangeProvider {
  constructor(private readonly analyses: SubtitleAnalyses) {}

  provideDocumentSymbols(doc: vscode.TextDocument): vscode.DocumentSymbol[] {
    const parsed = this.parsed(doc);
    if (!parsed) return [];
    return parsed.cues.map((cue) => {
      const last = doc.lineAt(Math.min(cue.lastLine, doc.lineCount - 1));
      const range = new vscode.Range(firstLineOf(cue), 0, last.lineNumber, last.text.length);
      const timing = doc.lineAt(cue.timingLine).range;
      return new vscode.DocumentSymbol(cueName(cue, parsed.format), cueDetail(cue), vscode.SymbolKind.String, range, timing);
    });
  }

  provideFoldingRanges(doc: vscode.TextDocument): vscode.FoldingRange[] {
    const parsed = this.parsed(doc);
    if (!parsed) return [];
    const cues = parsed.cues.map((cue) => new vscode.FoldingRange(firstLineOf(cue), cue.lastLine));
    const blocks = parsed.blocks.map(
      (b) => new vscode.FoldingRange(b.firstLine, b.lastLine, b.kind === 'note' ? vscode.FoldingRangeKind.Comment : undefined),
    );
    return [...cues, ...blocks].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  }

  private parsed(doc: vscode.TextDocument): ParsedSubtitles | undefined {
    return doc.uri.scheme === LiveDocuments.scheme ? undefined : this.analyses.parse(doc);
  }
}

/** `00:01:02 First words…`: the start to the second and the text as it shows, cut at a word near 40 characters. */
export function cueName(cue: ParsedCue, format: SubtitleFormat): string {
  const text = shorten(visibleText(cue.text, format).replace(/\s+/gu, ' ').trim());
  // Right-to-left words are isolated (FSI … PDI), or the bidi algorithm lays out the time, the
  // words and the detail beside them in an order nobody wrote.
  const shown = rightToLeft.test(text) ? `\u2068${text}\u2069` : text;
  return `${clock(cue.start)} ${shown || vscode.l10n.t('(no text)')}`;
}

/** Letters of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms. */
const rightToLeft = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;

function cueDetail(cue: ParsedCue): string {
  const seconds = `${Math.max(0, cue.end - cue.start).toFixed(2)} s`;
  return cue.identifier ? `${cue.identifier} · ${seconds}` : seconds;
}

function clock(seconds: number): string {
  const s = Math.floor(Math.max(0, seconds));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

function shorten(text: string): string {
  const chars = Array.from(text);
  if (chars.length <= maxNameChars) return text;
  const head = chars.slice(0, maxNameChars).join('');
  const space = head.lastIndexOf(' ');
  return `${space > maxNameChars / 2 ? head.slice(0, space) : head}…`;
}

const maxNameChars = 40;
