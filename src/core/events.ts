import type { Cue } from './subtitles/cue';
import type { Piece } from './timeline';
import type { MediaInfo } from './source/probe';
import type { OutputFormat } from './job';
import type { Usage } from './api/usage';
import type { NextStep } from './errors';

/**
 * What a run reports, in source order: everything about piece n comes before anything about
 * piece n + 1, so a UI can print events as they arrive. Every UI is just a consumer of these.
 */
export type TranslateEvent =
  | { type: 'started'; input: string; info: MediaInfo; outputs: Partial<Record<OutputFormat, string>> }
  /** The number of pieces so far; `final` once the whole source has been cut. */
  | { type: 'planned'; pieces: number; final: boolean }
  | { type: 'pieceStarted'; piece: Piece; cached: boolean }
  | { type: 'textDelta'; index: number; text: string }
  /** Translated speech, 24 kHz mono s16le, as it streams; only when the job asks (`speechChunks`). */
  | { type: 'audioChunk'; index: number; pcm: Buffer }
  /** A piece is being sent again: text and audio streamed for it so far are void. */
  | { type: 'pieceRetry'; index: number; attempt: number; reason: string; delayMs: number }
  | { type: 'pieceDone'; piece: Piece; text: string; cues: Cue[]; usage: Usage; cached: boolean }
  | { type: 'progress'; done: number; total: number; totalKnown: boolean; fraction: number; elapsedMs: number }
  /** Running total of tokens the API reported. */
  | { type: 'usage'; usage: Usage }
  /** A message for the log: pacing, retries, resumes. */
  | { type: 'note'; level: 'info' | 'warn'; message: string; next?: NextStep }
  /** The dubbed video being written after the translation, as ffmpeg reports it (0 to 1). */
  | { type: 'exportProgress'; file: string; fraction: number }
  | { type: 'done'; summary: RunSummary };

/** How one piece's dubbed speech was fitted: `speed` 1 and `shift` 0 when it fit as spoken. */
export interface DubFit {
  index: number;
  /** Where the piece starts in the source, in seconds. */
  start: number;
  speed: number;
  /** Seconds later than its source speech, because the speech before it ran over. */
  shift: number;
}

/** What a finished run did, for summaries and closing notes. */
export interface RunSummary {
  input: string;
  durationSeconds: number;
  pieces: number;
  piecesFromCache: number;
  requests: number;
  retries: number;
  usage: Usage;
  elapsedMs: number;
  /** Files written, by format. */
  files: Partial<Record<OutputFormat, string>>;
  /** The warnings the run gave as `note` events (a source cut short, an answer cut off), in order. */
  warnings: string[];
  /** Each dubbed piece's fit, when there is a dub track. */
  dubFits?: DubFit[];
}
