/** The files a run can write, by extension. */
export type OutputFormat = 'srt' | 'vtt' | 'txt' | 'wav';
export const outputFormats: readonly OutputFormat[] = ['srt', 'vtt', 'txt', 'wav'];

/** Where the API lives; keys are per region. */
export type Region = 'singapore' | 'beijing';
export const regionBaseUrls: Readonly<Record<Region, string>> = {
  singapore: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  beijing: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
};

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
}

/** How hard to push the API, and how patient to be with it. */
export interface RequestPolicy {
  /** Pieces in flight at once. */
  concurrency: number;
  /** Retries per piece after a transient failure. */
  maxRetries: number;
  /** A request that receives no bytes for this long is aborted and retried. */
  stallSeconds: number;
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
}

/** Defaults shared by the CLI and the extension. */
export const defaults = {
  concurrency: 4,
  segmentSeconds: 30,
  maxSegmentSeconds: 120,
  minSegmentSeconds: 5,
  maxRetries: 3,
  stallSeconds: 60,
  requestsPerMinute: 100,
  tokensPerMinute: 100_000,
  formats: ['srt', 'txt'] as OutputFormat[],
} as const;
