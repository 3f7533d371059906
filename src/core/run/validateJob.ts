import { keyPageUrls, regionOf } from '../api/regions';
import { TranslateError } from '../errors';
import { defaults, exportMixes, maxConcurrency, outputFormats, videoContexts, type TranslateJob } from '../job';
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
    throw new TranslateError('badOption', 'The wav output is translated speech, and no speech was asked for.', { next: 'askForSpeech' });
  }
  if (job.formats.includes('mp4') && voice === undefined) {
    throw new TranslateError('badOption', 'The mp4 output is the video dubbed with translated speech, and no speech was asked for.', { next: 'askForSpeech' });
  }
  if (job.videoContext !== undefined && !videoContexts.includes(job.videoContext)) {
    throw new TranslateError('badOption', `The video context must be ${videoContexts.join(', ')} (got "${job.videoContext}").`);
  }
  if (job.exportMix !== undefined && !exportMixes.includes(job.exportMix)) {
    throw new TranslateError('badOption', `The export mix must be ${exportMixes.join(' or ')} (got "${job.exportMix}").`);
  }
  if (job.dubMaxSpeed !== undefined) requireRange('dub max speed', job.dubMaxSpeed, 1, 2, false);
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
    const page = keyPageUrls[regionOf(job.api.baseUrl)];
    throw new TranslateError('noApiKey', `No API key is set. Model Studio API keys are made at ${page}.`, { next: 'setApiKey' });
  }
  const malformed = keyFault(job.api.apiKey);
  if (malformed) {
    throw new TranslateError('badApiKey', `The API key holds ${malformed}, so it cannot be sent.`, { next: 'setApiKey' });
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
