import * as vscode from 'vscode';
import { checkCues, checkCuesInSteps, firstSafeFix } from '../../core/subtitles/checkCues';
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
 * and the outline alike. Settings are read fresh for every new version; `clear` forgets the checks
 * when they change (the reading does not depend on them).
 */
export class SubtitleAnalyses implements vscode.Disposable {
  private readonly cache = new Map<string, SubtitleAnalysis>();
  private readonly parses = new Map<string, { version: number; format: SubtitleFormat; parsed: ParsedSubtitles }>();
  /** Counts `clear`s, so that a check begun under the old settings is not kept. */
  private generation = 0;

  /** The document read but not checked, once per version: all the outline and folding need. */
  parse(doc: vscode.TextDocument): ParsedSubtitles | undefined {
    const format = subtitleFormat(doc);
    if (!format) return undefined;
    const key = doc.uri.toString();
    const known = this.parses.get(key);
    if (known?.version === doc.version && known.format === format) return known.parsed;
    const parsed = parseSubtitles(doc.getText(), format);
    this.parses.set(key, { version: doc.version, format, parsed });
    return parsed;
  }

  /** The document's analysis, or undefined when it is no subtitle file. */
  analyse(doc: vscode.TextDocument): SubtitleAnalysis | undefined {
    const cached = this.cache.get(doc.uri.toString());
    if (cached?.version === doc.version) return cached;
    const parsed = this.parse(doc);
    if (!parsed) return undefined;
    const rules = rulesFor(doc.uri);
    return this.keep(doc, parsed, rules, checkCues(parsed, rules));
  }

  /**
   * `analyse`, with the cues checked a slice at a time between the extension host's other work: a
   * two-hour file held its thread for tens of milliseconds in one go as it opened. Undefined when the
   * document changed, closed or was cleared meanwhile, since a newer check then follows.
   */
  async analyseInSteps(doc: vscode.TextDocument): Promise<SubtitleAnalysis | undefined> {
    const cached = this.cache.get(doc.uri.toString());
    if (cached?.version === doc.version) return cached;
    const { version } = doc;
    const generation = this.generation;
    const parsed = this.parse(doc);
    if (!parsed) return undefined;
    const rules = rulesFor(doc.uri);
    const steps = checkCuesInSteps(parsed, rules, cuesPerStep);
    for (;;) {
      const step = steps.next();
      if (step.done) return this.keep(doc, parsed, rules, step.value);
      await new Promise((resolve) => setImmediate(resolve));
      if (doc.isClosed || doc.version !== version || this.generation !== generation) return undefined;
    }
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
    this.parses.delete(uri.toString());
  }

  clear(): void {
    this.generation++;
    this.cache.clear();
  }

  dispose(): void {
    this.clear();
    this.parses.clear();
  }

  private keep(doc: vscode.TextDocument, parsed: ParsedSubtitles, rules: SubtitleRules, problems: SubtitleProblem[]): SubtitleAnalysis {
    let safe: boolean | undefined;
    const analysis: SubtitleAnalysis = {
      version: doc.version,
      parsed,
      rules,
      problems,
      hasSafeFix: () => (safe ??= problems.some((p) => firstSafeFix(p) !== undefined)),
    };
    this.cache.set(doc.uri.toString(), analysis);
    return analysis;
  }
}

/** Cues checked between two turns of the extension host's event loop. */
const cuesPerStep = 200;

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
