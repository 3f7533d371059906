import { TranslateError } from '../errors';
import { defaults, maxConcurrency, outputFormats, type TranslateJob } from '../job';
import { resolveLanguage } from '../options/languages';
import { resolveVoice } from '../options/voices';

/** A job whose languages and voice are known-good codes and whose numbers are in range. */
export type ValidJob = TranslateJob & { voice: string | undefined };

/**
 * Checks a job before any file is read or request sent, and returns it with canonical codes.
 * Every problem is one sentence that says what would work.
 */
export function validateJob(job: TranslateJob): ValidJob {
  const target = resolveLanguage(job.targetLanguage).code;
  const source = job.sourceLanguage === undefined || job.sourceLanguage === 'auto'
    ? undefined
    : resolveLanguage(job.sourceLanguage).code;
  const voice = job.voice === undefined ? undefined : resolveVoice(job.voice, target);
  if (job.formats.length === 0) throw new TranslateError('badOption', `Choose at least one output format: ${outputFormats.join(', ')}.`);
  for (const format of job.formats) {
    if (!outputFormats.includes(format)) {
      throw new TranslateError('badOption', `Unknown output format "${format}". Use ${outputFormats.join(', ')}.`);
    }
  }
  if (job.formats.includes('wav') && voice === undefined) {
    throw new TranslateError('badOption', 'The wav output is translated speech: ask for speech (--audio) or leave wav out.');
  }
  if (job.policy.concurrency !== 'auto') requireRange('concurrency', job.policy.concurrency, 1, maxConcurrency, true);
  requireRange('segment length', job.segmentSeconds, defaults.minSegmentSeconds, defaults.maxSegmentSeconds, false);
  requireRange('retries', job.policy.maxRetries, 0, 10, true);
  requireRange('stall timeout', job.policy.stallSeconds, 1, 600, false);
  requireRange('requests per minute', job.policy.requestsPerMinute, 1, 100_000, false);
  requireRange('tokens per minute', job.policy.tokensPerMinute, 1_000, 100_000_000, false);
  if (job.policy.deadlineFactor !== undefined) requireRange('deadline factor', job.policy.deadlineFactor, 0, 100, false);
  if (job.audioTrack !== undefined) requireRange('audio track', job.audioTrack, 0, 999, true);
  if (job.policy.rateWindowSeconds !== undefined) requireRange('rate window', job.policy.rateWindowSeconds, 1, 3600, false);
  // The key last, so that a command line with a wrong option says so even before a key is set.
  if (!job.api.apiKey) {
    throw new TranslateError('noApiKey', 'No API key is set. Set DASHSCOPE_API_KEY (CLI) or run "Media Translate: Set API Key".');
  }
  const malformed = keyFault(job.api.apiKey);
  if (malformed) {
    throw new TranslateError('badApiKey', `The API key holds ${malformed}, so it cannot be sent. Set the key again, pasting the key alone (DASHSCOPE_API_KEY, or "Media Translate: Set API Key").`);
  }
  return { ...job, targetLanguage: target, sourceLanguage: source, voice, formats: [...new Set(job.formats)] };
}

function requireRange(name: string, value: number, min: number, max: number, integer: boolean): void {
  const ok = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'a whole number' : 'a number';
    throw new TranslateError('badOption', `The ${name} must be ${kind} from ${min} to ${max} (got ${value}).`);
  }
}

/**
 * What makes a key impossible to send, in a phrase, or undefined for a key of printable ASCII.
 * Such a key cannot go into an HTTP header: the request would fail before it left, and retrying it
 * would only fail again. The phrase never quotes the key.
 */
function keyFault(key: string): string | undefined {
  if (/[\r\n]/.test(key)) return 'a line break';
  if (/[^\x00-\x7f]/.test(key)) return 'characters that are not plain ASCII (a curly quote or a non-breaking space, say)';
  if (/\s/.test(key)) return 'spaces or tabs';
  if (/[\x00-\x1f\x7f]/.test(key)) return 'control characters';
  return undefined;
}
