import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { findLanguage } from '../../core/options/languages';
import { checkCues } from '../../core/subtitles/checkCues';
import { parseSubtitles } from '../../core/subtitles/parseSubtitles';
import { formatOfFile } from '../../core/subtitles/subtitleFileName';
import { Command } from '../commands/commandIds';
import * as msg from '../messages';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { rulesFor } from '../subtitles/subtitleAnalyses';
import { mediaFile, subtitleFile, textResult } from './toolFiles';

/** The tools' names, as package.json's `languageModelTools` declares them. */
export const ToolName = {
  translateMedia: 'mediaTranslate_translateMedia',
  subtitleProblems: 'mediaTranslate_subtitleProblems',
} as const;

/** What the model passes to the translate tool (its JSON schema is in package.json). */
export interface TranslateToolInput {
  file: string;
  targetLanguage: string;
  sourceLanguage?: string;
}

/** What the model passes to the problems tool. */
export interface ProblemsToolInput {
  file: string;
}

/** The most translated text handed back to the model; the files hold all of it. */
const maxTextChars = 8000;

/**
 * Translate Media for Copilot's agent mode. Every call asks the person first, because it sends the
 * file's audio to Model Studio and spends tokens of their account; the run then goes through the
 * Translate Media command's automation path, so the notification, the live tab and the output
 * channel are the same as when the person runs it.
 */
export function translateTool(s: Services): vscode.LanguageModelTool<TranslateToolInput> {
  return {
    prepareInvocation(options) {
      const uri = mediaFile(options.input.file);
      // A file the tool cannot use is said by invoke, with nothing to confirm since nothing is spent.
      if (typeof uri === 'string') return { invocationMessage: uri };
      const name = vscode.workspace.asRelativePath(uri);
      const language = findLanguage(options.input.targetLanguage)?.name ?? options.input.targetLanguage;
      return {
        invocationMessage: msg.toolTranslating(name, language),
        confirmationMessages: { title: msg.toolConfirmTitle(), message: new vscode.MarkdownString(msg.toolConfirmMessage(name, language)) },
      };
    },
    async invoke(options, token) {
      const uri = mediaFile(options.input.file);
      if (typeof uri === 'string') return textResult(uri);
      const run = vscode.commands.executeCommand<vscode.Uri[]>(Command.translateMedia, uri, {
        targetLanguage: options.input.targetLanguage,
        sourceLanguage: options.input.sourceLanguage,
      });
      const cancel = token.onCancellationRequested(() => void vscode.commands.executeCommand(Command.cancel));
      try {
        const written = (await run) ?? [];
        const names = written.map((w) => vscode.workspace.asRelativePath(w));
        const text = written.find((w) => w.fsPath.endsWith('.txt'));
        const body = text ? (await fs.readFile(text.fsPath, 'utf8')).slice(0, maxTextChars) : '';
        return textResult([msg.toolWrote(names), ...(body ? [msg.toolTranslationText(), body] : [])].join('\n\n'));
      } catch (e) {
        // The engine's sentence says what went wrong and what to do; the model passes it on.
        s.log.error('The translate tool failed', e);
        return textResult(e instanceof Error ? e.message : String(e));
      } finally {
        cancel.dispose();
      }
    },
  };
}

/** The problems of a subtitle file, read from disk with the same checks as the Problems panel. Sends nothing, so it asks nothing. */
export function problemsTool(): vscode.LanguageModelTool<ProblemsToolInput> {
  return {
    prepareInvocation(options) {
      const uri = subtitleFile(options.input.file);
      return { invocationMessage: typeof uri === 'string' ? uri : msg.toolReadingProblems(vscode.workspace.asRelativePath(uri)) };
    },
    async invoke(options) {
      const uri = subtitleFile(options.input.file);
      if (typeof uri === 'string') return textResult(uri);
      const name = vscode.workspace.asRelativePath(uri);
      // An open editor may hold changes not yet saved; those are what the person sees.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open ? open.getText() : await fs.readFile(uri.fsPath, 'utf8');
      const format = formatOfFile(uri.path) ?? 'srt';
      const profile = readSettings(uri).subtitleProfile;
      const problems = checkCues(parseSubtitles(text, format), rulesFor(uri));
      if (problems.length === 0) return textResult(msg.toolNoProblems(name, profile));
      const lines = problems.map((p) => `- line ${p.range.startLine + 1} (${p.severity}, ${p.code}): ${p.message}`);
      return textResult([msg.toolProblemsHeading(name, problems.length, profile), ...lines].join('\n'));
    },
  };
}

/**
 * Registers both tools. Hosts without the language model API (older VS Code, some forks) have no
 * `vscode.lm.registerTool`; the rest of the extension works there all the same.
 */
export function registerTools(s: Services): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return [vscode.lm.registerTool(ToolName.translateMedia, translateTool(s)), vscode.lm.registerTool(ToolName.subtitleProblems, problemsTool())];
}
