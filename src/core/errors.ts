/** Why a translation could not go on. Each reason maps to one sentence and next steps in the UIs. */
export type ErrorReason =
  // Input and options, found before any request is sent.
  | 'fileNotFound'
  | 'notAFile'
  | 'emptyFile'
  | 'notMedia'
  | 'noAudio'
  | 'noSpeech'
  | 'ffmpegMissing'
  | 'decodeFailed'
  | 'unknownLanguage'
  | 'unknownVoice'
  | 'voiceCannotSpeak'
  | 'speechNotAvailable'
  | 'badOption'
  | 'noApiKey'
  | 'badApiKey'
  | 'outputExists'
  | 'writeFailed'
  | 'badRecord'
  // Answers from the API. Permanent ones are never retried.
  | 'unauthorized'
  | 'forbidden'
  | 'modelNotFound'
  | 'badRequest'
  | 'contentBlocked'
  | 'arrears'
  | 'notTheApi'
  | 'answerTooLarge'
  | 'proxy'
  // Transient: retried with backoff.
  | 'rateLimited'
  | 'server'
  | 'network'
  | 'stalled'
  | 'streamError'
  | 'truncated'
  // The user stopped the run.
  | 'cancelled';

/** Reasons that are worth another request after a pause. */
export const transientReasons: ReadonlySet<ErrorReason> = new Set<ErrorReason>([
  'rateLimited',
  'server',
  'network',
  'stalled',
  'streamError',
]);

/**
 * What the person can do next, named rather than said: the core says what happened, and each UI
 * says the step its own way (a flag on the command line, a button or a pick in VS Code).
 */
export type NextStep =
  | 'setApiKey'
  | 'replaceOutputs'
  | 'chooseAudioTrack'
  | 'chooseOutDir'
  | 'separateOutputs'
  | 'setFfmpegPath'
  | 'setFfprobePath'
  | 'checkCacheDir'
  | 'askForSpeech'
  | 'chooseVideoContext'
  | 'videoContextOff';

export interface TranslateErrorInit {
  /** Extra facts for the log (never the API key). */
  detail?: string;
  /** HTTP status, when the error came from the API. */
  status?: number;
  /** Server-suggested wait before retrying (from Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** The source time range of the piece that failed, in seconds. */
  range?: { start: number; end: number };
  /** The step that would get past this, for the UI to phrase. */
  next?: NextStep;
  cause?: unknown;
}

/**
 * The one error type the engine throws. UIs switch on `reason`; `message` is a complete sentence
 * that names the file or piece and never contains the API key.
 */
export class TranslateError extends Error {
  readonly reason: ErrorReason;
  readonly detail?: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly range?: { start: number; end: number };
  readonly next?: NextStep;

  constructor(reason: ErrorReason, message: string, init: TranslateErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'TranslateError';
    this.reason = reason;
    this.detail = init.detail;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.range = init.range;
    this.next = init.next;
  }

  /** True when `e` is a TranslateError, and of `reason` when one is given. */
  static is(e: unknown, reason?: ErrorReason): e is TranslateError {
    return e instanceof TranslateError && (reason === undefined || e.reason === reason);
  }

  /** True when another attempt may succeed. */
  get transient(): boolean {
    return transientReasons.has(this.reason);
  }
}

/** Whether `e` is the AbortError that aborting a signal raises (in fetch, streams, fs, child processes). */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}
