import type { Usage } from '../api/usage';

/**
 * Tokens by the kinds the API counts and prices apart. Video is its own kind so that video context,
 * once it is sent, adds to the same figures without changing any reader.
 */
export interface TokenCounts {
  inputAudio: number;
  inputVideo: number;
  outputText: number;
  outputAudio: number;
}

/** The kinds in the order every summary lists them. */
export const tokenKinds: readonly (keyof TokenCounts)[] = ['inputAudio', 'inputVideo', 'outputText', 'outputAudio'];

/**
 * The rates an estimate multiplies the source's duration by, in tokens per second of source.
 *
 * The input rate is the documented one (api-facts.md, "Tokens and truncation"). The two output rates are averages
 * measured on generated lectures (test/fakes/media.ts `makeLongSpeech`) against the local test
 * server's accounting (test/fakes/fakeApiAnswer.ts); docs/cost.md says how and what they leave out.
 * The input rate is applied to the whole duration, although long silences are not sent, so the
 * estimate errs on the high side.
 */
export const tokenRates = {
  inputAudio: 12.5,
  outputText: 2.1,
  outputAudio: 11.5,
} as const;

/**
 * The average piece as a share of the longest one: pieces are cut at pauses, so they run shorter
 * than `segmentSeconds`. Measured on the same lectures.
 */
export const pieceFill = 0.87;

/** The API counts anything shorter than this many seconds as this long. */
const shortestCountedSeconds = 1;

/** What an estimate is worked out from: nothing but what ffprobe and the chosen options say. */
export interface EstimateRequest {
  durationSeconds: number;
  /** The longest piece sent in one request. */
  segmentSeconds: number;
  /** Whether translated speech is asked for. */
  speech: boolean;
  /**
   * Video tokens for the whole run, when video frames are sent with the audio; zero (the default)
   * while only audio is sent.
   */
  videoTokens?: number;
}

/** What a run is expected to send and receive, before anything is sent. */
export interface Estimate {
  durationSeconds: number;
  /** The pieces the source is expected to be cut into (pauses may make it a few more). */
  pieces: number;
  speech: boolean;
  tokens: TokenCounts;
}

/** The tokens a run of `r` is expected to cost, from its duration alone. */
export function estimateRun(r: EstimateRequest): Estimate {
  const seconds = Math.max(0, r.durationSeconds);
  const pieces = seconds === 0 ? 0 : Math.ceil(seconds / (Math.max(1, r.segmentSeconds) * pieceFill));
  const counted = Math.max(seconds, pieces * shortestCountedSeconds);
  return {
    durationSeconds: seconds,
    pieces,
    speech: r.speech,
    tokens: {
      inputAudio: Math.round(counted * tokenRates.inputAudio),
      inputVideo: Math.round(r.videoTokens ?? 0),
      outputText: Math.round(seconds * tokenRates.outputText),
      outputAudio: r.speech ? Math.round(seconds * tokenRates.outputAudio) : 0,
    },
  };
}

/** The estimates of several files as one: durations, pieces and tokens added up. */
export function addEstimates(estimates: readonly Estimate[]): Estimate {
  return estimates.reduce(
    (sum, e) => ({
      durationSeconds: sum.durationSeconds + e.durationSeconds,
      pieces: sum.pieces + e.pieces,
      speech: sum.speech || e.speech,
      tokens: addTokens(sum.tokens, e.tokens),
    }),
    { durationSeconds: 0, pieces: 0, speech: false, tokens: noTokens() },
  );
}

/** The API's usage record as the four priced kinds. */
export function tokensOf(usage: Usage): TokenCounts {
  return {
    inputAudio: usage.inputAudioTokens,
    inputVideo: usage.inputVideoTokens,
    outputText: usage.outputTextTokens,
    outputAudio: usage.outputAudioTokens,
  };
}

/** All four kinds added up. */
export function totalOf(tokens: TokenCounts): number {
  return tokenKinds.reduce((n, k) => n + tokens[k], 0);
}

/** Every kind at zero. */
export function noTokens(): TokenCounts {
  return { inputAudio: 0, inputVideo: 0, outputText: 0, outputAudio: 0 };
}

/** The kind-by-kind sum of two counts. */
export function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    inputAudio: a.inputAudio + b.inputAudio,
    inputVideo: a.inputVideo + b.inputVideo,
    outputText: a.outputText + b.outputText,
    outputAudio: a.outputAudio + b.outputAudio,
  };
}
