import * as fs from 'node:fs';
import { resolveBaseUrl } from './api/baseUrl';
import type { ProxyOptions } from './api/proxy';
import type { Region } from './api/regions';
import { findLanguage } from './options/languages';
import { defaultVoiceFor } from './options/voices';
import type { CustomLimits, ProfileName } from './subtitles/profiles';

/** The files a run can write, by extension; `json` is the translation record the others are rendered from. */
export type OutputFormat = 'srt' | 'vtt' | 'txt' | 'wav' | 'json' | 'mp4';
export const outputFormats: readonly OutputFormat[] = ['srt', 'vtt', 'txt', 'wav', 'json', 'mp4'];

/** Whether pieces go with their picture: `auto` for sources that have one, `always` (fails without one), `never`. */
export type VideoContext = 'auto' | 'always' | 'never';
export const videoContexts: readonly VideoContext[] = ['auto', 'always', 'never'];

/** The dubbed video's first audio track: the dub over the original lowered under the speech, or the dub alone. */
export type ExportMix = 'ducked' | 'dubOnly';
export const exportMixes: readonly ExportMix[] = ['ducked', 'dubOnly'];

export { regionBaseUrls, type Region } from './api/regions';

export const defaultModel = 'qwen3-livetranslate-flash';
export const knownModels: readonly string[] = ['qwen3-livetranslate-flash', 'qwen3-livetranslate-flash-2025-12-01'];

/** What to do when an output file already exists. */
export type IfExists = 'overwrite' | 'keepBoth' | 'fail';

/** Optional sampling parameters; each is sent only when set. */
export interface SamplingOptions {
  seed?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  presencePenalty?: number;
  repetitionPenalty?: number;
  maxTokens?: number;
}

/** How to reach the API. `apiKey` is held here only; it is never logged or written. */
export interface ApiOptions {
  apiKey: string;
  baseUrl: string;
  model: string;
  sampling: SamplingOptions;
  /** The proxy to reach the API through; the environment's `HTTPS_PROXY`/`NO_PROXY` when left out. */
  proxy?: ProxyOptions;
}

/** A fixed number of requests in flight, or `auto` to let the budgets decide. */
export type Concurrency = number | 'auto';

/** The most pieces a fixed concurrency may keep in flight. */
export const maxConcurrency = 16;

/** How hard to push the API, and how patient to be with it. */
export interface RequestPolicy {
  /**
   * Pieces in flight at once, or `auto`: as many as the account's budgets allow for the latencies
   * the run observes (see api/pacing.ts).
   */
  concurrency: Concurrency;
  /** Retries per piece after a transient failure. */
  maxRetries: number;
  /** A request that receives no bytes for this long is aborted and retried. */
  stallSeconds: number;
  /**
   * A request may take at most `stallSeconds` plus this many times its piece's length in all before
   * it is stopped and retried, so a server that trickles its answer cannot hold a piece for ever.
   * Default `defaults.deadlineFactor`.
   */
  deadlineFactor?: number;
  /** The account's budget per minute (documented default: 100 requests, 100,000 tokens). */
  requestsPerMinute: number;
  tokensPerMinute: number;
  /** The window those two budgets are counted over, in seconds; 60 (a minute) unless set. */
  rateWindowSeconds?: number;
}

/** Everything one run needs, as plain data: the CLI and the extension both build one of these. */
export interface TranslateJob {
  /** Absolute or relative path of the source media file. */
  input: string;
  /** Language codes (see options/languages.ts). `sourceLanguage` undefined means auto-detect. */
  targetLanguage: string;
  sourceLanguage?: string;
  /** Set when translated speech is wanted. */
  voice?: string;
  formats: OutputFormat[];
  /** Folder for the outputs; beside the source when undefined. */
  outDir?: string;
  ifExists: IfExists;
  api: ApiOptions;
  policy: RequestPolicy;
  /** Longest piece sent in one request, in seconds. */
  segmentSeconds: number;
  /** The audio track to translate, 0-based among the file's audio tracks; the file's default when undefined. */
  audioTrack?: number;
  ffmpegPath: string;
  ffprobePath: string;
  /** Folder for finished pieces, so a failed or cancelled run can resume; undefined turns caching off. */
  cacheDir?: string;
  /** Write empty outputs for a source with no speech instead of failing with `noSpeech`. */
  allowEmpty?: boolean;
  /**
   * Yield the translated speech as `audioChunk` events while it streams. Off unless asked: the
   * extension and the command line only write the speech, and passed through every layer of the
   * engine the events cost CPU for nothing (docs/benchmarks.md, issue 16).
   */
  speechChunks?: boolean;
  /** The limits cues are laid out within; `netflix` when left out. */
  subtitleProfile?: ProfileName;
  /** The `custom` profile's own limits. */
  customLimits?: CustomLimits;
  /** Whether each piece goes as a video clip; `auto` when left out. */
  videoContext?: VideoContext;
  /** The most a dubbed line is sped up to fit before the next one; `defaults.dubMaxSpeed` when left out. */
  dubMaxSpeed?: number;
  /** The mix of the dubbed video's first audio track; `ducked` when left out. */
  exportMix?: ExportMix;
}

/** Defaults shared by the CLI and the extension. */
export const defaults = {
  concurrency: 'auto' as Concurrency,
  segmentSeconds: 30,
  maxSegmentSeconds: 120,
  minSegmentSeconds: 5,
  maxRetries: 3,
  stallSeconds: 60,
  deadlineFactor: 3,
  requestsPerMinute: 100,
  tokensPerMinute: 100_000,
  formats: ['srt', 'txt'] as OutputFormat[],
  dubMaxSpeed: 1.3,
} as const;

/**
 * What a caller asks for: the parts of a job it cares about. Everything left out gets the one
 * default every caller shares, worked out here once: the voice, the formats, the base URL, the
 * ffprobe beside ffmpeg, the request policy.
 */
export interface JobRequest {
  input: string;
  targetLanguage: string;
  /** A language code; undefined or `auto` lets the model detect it. */
  sourceLanguage?: string;
  /** `true` for speech in the first voice that speaks the target, a voice's name for that voice. */
  speech?: boolean | string;
  /** Default: `defaults.formats`, plus `wav` with speech. */
  formats?: OutputFormat[];
  outDir?: string;
  /** Default: `fail`. */
  ifExists?: IfExists;
  apiKey: string;
  /** An explicit endpoint wins over the region's. */
  baseUrl?: string;
  region?: Region;
  model?: string;
  sampling?: SamplingOptions;
  /** Default: the environment's `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`. */
  proxy?: ProxyOptions;
  policy?: Partial<RequestPolicy>;
  segmentSeconds?: number;
  /** 0-based among the file's audio tracks; the file's default track when left out. */
  audioTrack?: number;
  /** Default: `ffmpeg` on PATH; ffprobe defaults to the one beside it. */
  ffmpegPath?: string;
  ffprobePath?: string;
  cacheDir?: string;
  allowEmpty?: boolean;
  speechChunks?: boolean;
  subtitleProfile?: ProfileName;
  customLimits?: CustomLimits;
  videoContext?: VideoContext;
  dubMaxSpeed?: number;
  exportMix?: ExportMix;
}

/** The job for a request, with every default filled in; the CLI, the extension, the tests and the bench all build jobs here. */
export function buildJob(r: JobRequest): TranslateJob {
  const target = findLanguage(r.targetLanguage)?.code ?? r.targetLanguage;
  const voice = typeof r.speech === 'string' ? r.speech : r.speech ? (defaultVoiceFor(target)?.name ?? 'Cherry') : undefined;
  const ffmpegPath = r.ffmpegPath?.trim() || 'ffmpeg';
  return {
    input: r.input,
    targetLanguage: r.targetLanguage,
    sourceLanguage: r.sourceLanguage === 'auto' ? undefined : r.sourceLanguage,
    voice,
    formats: r.formats ?? [...defaults.formats, ...(voice ? (['wav'] as const) : [])],
    outDir: r.outDir,
    ifExists: r.ifExists ?? 'fail',
    api: {
      apiKey: r.apiKey,
      baseUrl: resolveBaseUrl({ baseUrl: r.baseUrl, region: r.region }),
      model: r.model?.trim() || defaultModel,
      sampling: r.sampling ?? {},
      ...(r.proxy ? { proxy: r.proxy } : {}),
    },
    policy: {
      concurrency: defaults.concurrency,
      maxRetries: defaults.maxRetries,
      stallSeconds: defaults.stallSeconds,
      requestsPerMinute: defaults.requestsPerMinute,
      tokensPerMinute: defaults.tokensPerMinute,
      ...definedOnly(r.policy ?? {}),
    },
    segmentSeconds: r.segmentSeconds ?? defaults.segmentSeconds,
    audioTrack: r.audioTrack,
    ffmpegPath,
    ffprobePath: r.ffprobePath?.trim() || ffprobeBeside(ffmpegPath),
    cacheDir: r.cacheDir,
    allowEmpty: r.allowEmpty,
    speechChunks: r.speechChunks,
    subtitleProfile: r.subtitleProfile,
    customLimits: r.customLimits,
    videoContext: r.videoContext ?? 'auto',
    dubMaxSpeed: r.dubMaxSpeed ?? defaults.dubMaxSpeed,
    exportMix: r.exportMix ?? 'ducked',
  };
}

/**
 * `ffprobe` in the same folder as a given ffmpeg path (keeping a suffix such as `.exe`), else
 * `ffprobe` on PATH: builds of ffmpeg that come without ffprobe are common.
 */
export function ffprobeBeside(ffmpeg: string, exists: (file: string) => boolean = fs.existsSync): string {
  const slash = Math.max(ffmpeg.lastIndexOf('/'), ffmpeg.lastIndexOf('\\'));
  if (slash < 0) return 'ffprobe';
  const name = ffmpeg.slice(slash + 1).replace(/ffmpeg/i, 'ffprobe');
  const beside = ffmpeg.slice(0, slash + 1) + (name === ffmpeg.slice(slash + 1) ? 'ffprobe' : name);
  return exists(beside) ? beside : 'ffprobe';
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
