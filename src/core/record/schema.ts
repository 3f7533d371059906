import type { CustomLimits, ProfileName } from '../subtitles/profiles';
import type { Usage } from '../api/usage';

/** The version of the record's layout this build writes and reads; docs/record.md describes it. */
export const recordVersion = 1;

/** What `format` says in every record, so a JSON file of someone else's is not taken for one. */
export const recordFormat = 'media-translate/translation';

/**
 * One run's translation of one media file, written as `<stem>.<lang>.json`. Every other output
 * (SRT, VTT, TXT, the dub WAV) is rendered from it, so it can be previewed, checked, edited,
 * re-rendered or partly retranslated without translating again. Times are seconds on the source's
 * timeline.
 */
export interface TranslationRecord {
  format: typeof recordFormat;
  version: number;
  /** The program that wrote it, e.g. `media-translate 0.2.0`. */
  generator: string;
  source: RecordSource;
  options: RecordOptions;
  pieces: RecordPiece[];
  cues: RecordCue[];
  /** Tokens the API reported for this run (pieces from the cache cost nothing). */
  usage: Usage;
  warnings: string[];
}

/** The media the record translates. */
export interface RecordSource {
  /** The source's path relative to the record's folder, with `/` separators. */
  path: string;
  sha256: string;
  durationSeconds: number;
  /** Which audio stream was translated, counted among the file's audio streams from 0. */
  audioStream: number;
}

/** Everything that changes the answer or its layout. */
export interface RecordOptions {
  model: string;
  targetLanguage: string;
  /** Undefined when the model detected it. */
  sourceLanguage?: string;
  /** Set when translated speech was produced. */
  voice?: string;
  sampling: Record<string, number>;
  segmentSeconds: number;
  subtitleProfile: ProfileName;
  customLimits?: CustomLimits;
  /** True when the pieces went with their picture, as video clips. */
  videoContext?: boolean;
}

/**
 * What one request's worth of the source came back as. A piece whose answer hit the output limit
 * was translated in halves: those share the `index` of the piece they were cut from.
 */
export interface RecordPiece {
  /** The piece's position in source order, from 0. */
  index: number;
  start: number;
  end: number;
  /** The stretches of speech inside it, as [start, end] pairs. */
  speech: [number, number][];
  text: string;
  finishReason: string;
  usage: Usage;
  /** Where its translated speech sits in the dub track, and how it was fitted there; absent without speech. */
  dub?: RecordDub;
}

/**
 * Where a piece's speech lies in the dub track. `trim` is the part of the model's speech kept, as
 * [from, to] seconds into it; `speed` the factor it was sped up by (absent: 1); `shift` how many
 * seconds after its source speech it starts, because the speech before it ran over (absent: 0).
 * Records written before fitting have only `start` and `seconds`.
 */
export interface RecordDub {
  start: number;
  seconds: number;
  trim?: [number, number];
  speed?: number;
  shift?: number;
}

/** One subtitle: shown from `start` to `end`, one or two lines joined by `\n`, from piece `piece`. */
export interface RecordCue {
  start: number;
  end: number;
  text: string;
  piece: number;
}
