import { TranslateError } from './errors';
import { defaults, outputFormats, type TranslateJob } from './job';
import { resolveLanguage } from './options/languages';
import { resolveVoice } from './options/voices';

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
  if (!job.api.apiKey) {
    throw new TranslateError('noApiKey', 'No API key is set. Set DASHSCOPE_API_KEY (CLI) or run "Media Translate: Set API Key".');
  }
  if (job.formats.length === 0) throw new TranslateError('badOption', `Choose at least one output format: ${outputFormats.join(', ')}.`);
  for (const format of job.formats) {
    if (!outputFormats.includes(format)) {
      throw new TranslateError('badOption', `Unknown output format "${format}". Use ${outputFormats.join(', ')}.`);
    }
  }
  if (job.formats.includes('wav') && voice === undefined) {
    throw new TranslateError('badOption', 'The wav output is translated speech: ask for speech (--audio) or leave wav out.');
  }
  requireRange('concurrency', job.policy.concurrency, 1, 16, true);
  requireRange('segment length', job.segmentSeconds, defaults.minSegmentSeconds, defaults.maxSegmentSeconds, false);
  requireRange('retries', job.policy.maxRetries, 0, 10, true);
  requireRange('stall timeout', job.policy.stallSeconds, 1, 600, false);
  requireRange('requests per minute', job.policy.requestsPerMinute, 1, 100_000, false);
  requireRange('tokens per minute', job.policy.tokensPerMinute, 1_000, 100_000_000, false);
  if (job.audioTrack !== undefined) requireRange('audio track', job.audioTrack, 0, 999, true);
  if (job.policy.rateWindowSeconds !== undefined) requireRange('rate window', job.policy.rateWindowSeconds, 1, 3600, false);
  return { ...job, targetLanguage: target, sourceLanguage: source, voice, formats: [...new Set(job.formats)] };
}

function requireRange(name: string, value: number, min: number, max: number, integer: boolean): void {
  const ok = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'a whole number' : 'a number';
    throw new TranslateError('badOption', `The ${name} must be ${kind} from ${min} to ${max} (got ${value}).`);
  }
}
