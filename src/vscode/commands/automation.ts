import * as vscode from 'vscode';
import type { RunSummary } from '../../core/events';
import type { OutputFormat } from '../../core/job';
import { findLanguage } from '../../core/options/languages';
import { defaultVoiceFor, voicesFor } from '../../core/options/voices';
import { formatsFor, type Choices } from '../run/buildJob';
import type { Settings } from '../settings';

/**
 * The options a test, keybinding or other extension passes to run without any prompt:
 * `executeCommand('mediaTranslate.translateMedia', uri | uri[], { targetLanguage: 'en', … })`.
 */
export interface TranslateOptions {
  targetLanguage: string;
  /** A language code or 'auto'; the setting when left out. */
  sourceLanguage?: string;
  /** Produce translated speech; the setting when left out (or true when a voice is given). */
  outputAudio?: boolean;
  voice?: string;
  /** Exactly these formats; the settings' list (with `wav` when speaking) when left out. */
  formats?: OutputFormat[];
  /** The audio track to translate, 0-based among the file's audio tracks; the file's default when left out. */
  audioTrack?: number;
  /** translateUrl only: the folder for the outputs; the first workspace folder when left out. */
  folder?: vscode.Uri | string;
}

/** The automation options when `arg` is an options object (it has a `targetLanguage`), else undefined. */
export function asOptions(arg: unknown): TranslateOptions | undefined {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg) || arg instanceof vscode.Uri) return undefined;
  const o = arg as Partial<TranslateOptions>;
  // Everything else is checked by the engine, which names what would work.
  return typeof o.targetLanguage === 'string' ? (o as TranslateOptions) : undefined;
}

/** The choices an automation call makes, with the settings filling in what it left out. */
export function choicesFrom(options: TranslateOptions, settings: Settings): Choices {
  const target = findLanguage(options.targetLanguage);
  const code = target?.code ?? options.targetLanguage;
  const speech = options.outputAudio ?? (options.voice !== undefined || (settings.outputAudio && target?.speech === true));
  const settingVoiceFits = voicesFor(code).some((v) => v.name === settings.voice);
  const voice = speech ? (options.voice ?? (settingVoiceFits ? settings.voice : defaultVoiceFor(code)?.name)) : undefined;
  const source = options.sourceLanguage ?? settings.sourceLanguage;
  return {
    targetLanguage: code,
    sourceLanguage: source === 'auto' ? undefined : source,
    voice,
    formats: options.formats ?? formatsFor(settings.outputFormats, speech),
    audioTrack: options.audioTrack,
  };
}

/** The explorer's selection: `(clicked, allSelected)` from a context menu, or a Uri / Uri[] from a caller. */
export function selectedUris(first: unknown, second: unknown): vscode.Uri[] {
  if (Array.isArray(second) && second.length > 0 && second.every((u) => u instanceof vscode.Uri)) return second;
  if (first instanceof vscode.Uri) return [first];
  if (Array.isArray(first)) return first.filter((u): u is vscode.Uri => u instanceof vscode.Uri);
  if (typeof first === 'string' && first) return [vscode.Uri.file(first)];
  return [];
}

/** The files a run wrote, as URIs. */
export function writtenUris(summary: RunSummary): vscode.Uri[] {
  return Object.values(summary.files)
    .filter((f): f is string => typeof f === 'string')
    .map((f) => vscode.Uri.file(f));
}
