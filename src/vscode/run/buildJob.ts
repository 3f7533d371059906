import * as path from 'node:path';
import type * as vscode from 'vscode';
import { buildJob as buildCoreJob, type IfExists, type OutputFormat, type TranslateJob } from '../../core/job';
import { outputPathFor } from '../../core/output/outputPaths';
import type { Settings } from '../settings';

/** What the person (or the automation caller) chose for a run, on top of the settings. */
export interface Choices {
  targetLanguage: string;
  /** A language code; undefined means auto-detect. */
  sourceLanguage?: string;
  /** Set when translated speech is wanted. */
  voice?: string;
  formats: OutputFormat[];
  /** The audio track to translate, 0-based; the file's default when undefined. */
  audioTrack?: number;
}

/**
 * Builds the engine's job from the settings of this run, the choices and the key. Plain data: the
 * engine never sees a WorkspaceConfiguration.
 */
export function buildJob(
  input: string,
  choices: Choices,
  settings: Settings,
  ctx: { apiKey: string; ifExists: IfExists; storage: vscode.Uri },
): TranslateJob {
  return buildCoreJob({
    input,
    targetLanguage: choices.targetLanguage,
    sourceLanguage: choices.sourceLanguage,
    speech: choices.voice,
    // The dubbed video is asked for in the settings once, for every file; audio files simply skip it.
    formats: videoFile.test(input) ? choices.formats : choices.formats.filter((f) => f !== 'mp4'),
    ifExists: ctx.ifExists,
    apiKey: ctx.apiKey,
    baseUrl: settings.baseUrl,
    region: settings.region,
    model: settings.model,
    sampling: settings.sampling,
    proxy: settings.proxy,
    policy: {
      concurrency: settings.concurrency,
      maxRetries: settings.maxRetries,
      stallSeconds: settings.stallTimeoutSeconds,
      deadlineFactor: settings.requestDeadlineFactor,
      requestsPerMinute: settings.requestsPerMinute,
      tokensPerMinute: settings.tokensPerMinute,
    },
    segmentSeconds: settings.segmentSeconds,
    audioTrack: choices.audioTrack,
    ffmpegPath: settings.ffmpegPath,
    ffprobePath: settings.ffprobePath,
    cacheDir: settings.cacheFinishedPieces ? cacheDir(ctx.storage) : undefined,
    subtitleProfile: settings.subtitleProfile,
    customLimits: settings.customSubtitleLimits,
    videoContext: settings.videoContext,
    dubMaxSpeed: settings.dubMaxSpeed,
    exportMix: settings.exportMix,
  });
}

/** Files that normally hold a picture, so a dubbed video can be made of them. */
const videoFile = /\.(mp4|mov|mkv|webm|avi)$/i;

/** Where finished pieces are kept: the extension's global storage, so every workspace resumes. */
export function cacheDir(storage: vscode.Uri): string {
  return path.join(storage.fsPath, 'cache');
}

/**
 * The formats for a run: the setting's list, with the dub track added when speech is wanted and
 * removed when it is not (a WAV of translated speech needs a voice), and likewise the dubbed video.
 */
export function formatsFor(settingFormats: readonly OutputFormat[], speech: boolean): OutputFormat[] {
  const text = settingFormats.filter((f) => f !== 'wav' && f !== 'mp4');
  const video = settingFormats.includes('mp4') ? (['mp4'] as const) : [];
  const formats = speech ? [...text, 'wav' as const, ...video] : text;
  return formats.length > 0 ? formats : ['txt'];
}

/** The files a run would write beside `input`, named by the engine's own rule. */
export function plannedOutputs(input: string, targetLanguage: string, formats: readonly OutputFormat[]): string[] {
  return formats.map((f) => outputPathFor(input, targetLanguage, f));
}
