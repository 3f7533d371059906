import * as vscode from 'vscode';
import { checkCues, firstSafeFix } from '../../core/subtitles/checkCues';
import { parseSubtitles } from '../../core/subtitles/parseSubtitles';
import { subtitleRules, type SubtitleRules } from '../../core/subtitles/profiles';
import type { ParsedSubtitles, SubtitleFormat, SubtitleProblem, TextEdit, TextRange } from '../../core/subtitles/subtitleDocument';
import { formatOfFile, languageOfFile } from '../../core/subtitles/subtitleFileName';
import { readSettings } from '../settings';

/** The languages this extension contributes for subtitle files, by format. */
export const subtitleLanguageIds: Readonly<Record<SubtitleFormat, string>> = { srt: 'srt', vtt: 'webvtt' };

/** Subtitle documents: our languages, and `.srt`/`.vtt` files another setting opened as something else. */
export const subtitleSelector: vscode.DocumentSelector = [
  { language: subtitleLanguageIds.srt },
  { language: subtitleLanguageIds.vtt },
  { pattern: '**/*.{srt,vtt,SRT,VTT}' },
];

/** Where the documents that are checked live: disks, local or remote, and unsaved editors. */
const checkedSchemes = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);

/** One version of a subtitle document read and checked. */
export interface SubtitleAnalysis {
  version: number;
  parsed: ParsedSubtitles;
  rules: SubtitleRules;
  problems: SubtitleProblem[];
  /** Whether any problem has a safe fix, worked out when first asked. */
  hasSafeFix(): boolean;
}

/** The format of a document, or undefined when it is not a subtitle file. */
export function subtitleFormat(doc: vscode.TextDocument): SubtitleFormat | undefined {
  if (doc.languageId === subtitleLanguageIds.srt) return 'srt';
  if (doc.languageId === subtitleLanguageIds.vtt) return 'vtt';
  return formatOfFile(doc.uri.path);
}

/**
 * Reads and checks each subtitle document once per version, for the diagnostics, the quick fixes
 * and the outline alike. Settings are read fresh for every new version; `clear` forgets everything
 * when they change.
 */
export class SubtitleAnalyses implements vscode.Disposable {
  private readonly cache = new Map<string, SubtitleAnalysis>();

  /** The document's analysis, or undefined when it is no subtitle file. */
  analyse(doc: vscode.TextDocument): SubtitleAnalysis | undefined {
    const format = subtitleFormat(doc);
    if (!format) return undefined;
    const key = doc.uri.toString();
    const cached = this.cache.get(key);
    if (cached?.version === doc.version) return cached;
    const parsed = parseSubtitles(doc.getText(), format);
    const rules = rulesFor(doc.uri);
    const problems = checkCues(parsed, rules);
    let safe: boolean | undefined;
    const analysis: SubtitleAnalysis = {
      version: doc.version,
      parsed,
      rules,
      problems,
      hasSafeFix: () => (safe ??= problems.some((p) => firstSafeFix(p) !== undefined)),
    };
    this.cache.set(key, analysis);
    return analysis;
  }

  /**
   * Whether the document's problems should be shown: a subtitle file on a disk or unsaved, with the
   * checks on. Not the copies a diff or the source control view opens, and not the live tab of a
   * running translation, which changes with every piece (its file is checked once written).
   */
  shouldCheck(doc: vscode.TextDocument): boolean {
    if (!checkedSchemes.has(doc.uri.scheme) || !subtitleFormat(doc)) return false;
    return readSettings(doc.uri).checkSubtitles;
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  clear(): void {
    this.cache.clear();
  }

  dispose(): void {
    this.cache.clear();
  }
}

/** The limits for a file: its profile, and the language from the settings or else from its name (English by default). */
export function rulesFor(uri: vscode.Uri): SubtitleRules {
  const s = readSettings(uri);
  const language = s.subtitleLanguage || languageOfFile(uri.path) || 'en';
  return subtitleRules(s.subtitleProfile, language, s.customSubtitleLimits);
}

/** A core range as a VS Code range (both count UTF-16 code units from 0). */
export function toRange(r: TextRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCol, r.endLine, r.endCol);
}

/** True when a VS Code range is the core range. */
export function sameRange(a: vscode.Range, b: TextRange): boolean {
  return a.start.line === b.startLine && a.start.character === b.startCol && a.end.line === b.endLine && a.end.character === b.endCol;
}

/** Core edits as one WorkspaceEdit, with the document's own line breaks, so that one Undo reverts them. */
export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, toRange(e.range), e.newText.replace(/\r\n|\r|\n/gu, eol));
  return edit;
}
