import { decodeWav, findStretches, type Stretch } from './fakeApiAudio';
import { errorAnswer, messages, type ErrorAnswer } from './fakeApiFaults';
import { seeVideo } from './fakeApiVideo';

/** What the fake knows about a request that passed validation. */
export interface ValidRequest {
  model: string;
  target: string;
  source?: string;
  /** Set when speech was asked for. */
  voice?: string;
  maxTokens?: number;
  kind: 'audio' | 'video';
  /** Length of the base64 data URL, when the media came as one. */
  dataUrlBytes?: number;
  /** Duration of the input: decoded from the WAV, or `urlSeconds` for a URL the fake cannot fetch. */
  seconds: number;
  stretches: Stretch[];
  /** For a video data URL: its picture size and the video tokens it costs. */
  video?: { width: number; height: number; tokens: number };
}

/** The models the real API documents; others get 404 model_not_found. */
export const knownModels = ['qwen3-livetranslate-flash', 'qwen3-livetranslate-flash-2025-12-01'];
/** The 18 documented language codes (kept apart from src/core/options so a mistake there shows). */
export const knownLanguages = ['en', 'zh', 'ru', 'fr', 'de', 'pt', 'es', 'it', 'ko', 'ja', 'yue', 'id', 'vi', 'th', 'ar', 'hi', 'el', 'tr'];
/** The 9 documented voices. */
export const knownVoices = ['Cherry', 'Nofish', 'Ethan', 'Jada', 'Dylan', 'Sunny', 'Peter', 'Kiki', 'Eric'];
/** The documented cap on one data URL, in bytes after base64 encoding. */
export const maxDataUrlBytes = 10_485_760;

/**
 * Checks a parsed body the way the real API does, in roughly its order, and decodes the audio.
 * Returns the error answer for the first problem found.
 */
export async function validateRequest(
  body: unknown,
  o: { urlSeconds: number; maxOutputTokens: number; maxDataUrlBytes?: number },
): Promise<ValidRequest | ErrorAnswer> {
  const bad = (message: string): ErrorAnswer => errorAnswer(400, 'invalid_parameter_error', message);
  if (!isObject(body)) return bad('The request body is not valid JSON.');
  if (typeof body.model !== 'string' || body.model === '') return bad('Model not specified.');
  if (!knownModels.includes(body.model)) return errorAnswer(404, 'model_not_found', messages.modelNotFound(body.model));
  if (body.stream !== true) return bad(messages.streamOnly);
  if (!Array.isArray(body.messages) || body.messages.length !== 1) return bad('Only one user message is supported.');
  const message = body.messages[0];
  if (!isObject(message) || message.role !== 'user') return bad('The message role must be user.');
  if (!Array.isArray(message.content) || message.content.length !== 1 || !isObject(message.content[0])) {
    return bad('The user message must hold exactly one input_audio or video_url item.');
  }
  const options = isObject(body.translation_options) ? body.translation_options : undefined;
  if (!options || typeof options.target_lang !== 'string') return bad('translation_options.target_lang is required.');
  if (!knownLanguages.includes(options.target_lang)) return bad(`The target_lang ${JSON.stringify(options.target_lang)} is not supported.`);
  if (options.source_lang !== undefined && (typeof options.source_lang !== 'string' || !knownLanguages.includes(options.source_lang))) {
    return bad(`The source_lang ${JSON.stringify(options.source_lang)} is not supported.`);
  }
  const voice = checkModalities(body);
  if (typeof voice !== 'string' && voice !== undefined) return voice;
  const sampling = checkSampling(body, o.maxOutputTokens);
  if (sampling) return bad(sampling);
  const media = await readMedia(message.content[0], o.urlSeconds, o.maxDataUrlBytes ?? maxDataUrlBytes);
  if ('status' in media) return media;
  return {
    model: body.model,
    target: options.target_lang,
    source: typeof options.source_lang === 'string' ? options.source_lang : undefined,
    voice,
    maxTokens: typeof body.max_tokens === 'number' ? body.max_tokens : undefined,
    ...media,
  };
}

/** The voice when speech is asked for, undefined for text only, or the error. */
function checkModalities(body: Record<string, unknown>): string | undefined | ErrorAnswer {
  const bad = (message: string): ErrorAnswer => errorAnswer(400, 'invalid_parameter_error', message);
  const modalities = body.modalities ?? ['text'];
  if (!Array.isArray(modalities) || modalities.some((m) => m !== 'text' && m !== 'audio') || !modalities.includes('text')) {
    return bad('modalities must be ["text"] or ["text","audio"].');
  }
  if (!modalities.includes('audio')) return undefined;
  const audio = isObject(body.audio) ? body.audio : undefined;
  if (!audio || typeof audio.voice !== 'string') return bad('The audio.voice parameter is required when modalities include audio.');
  if (!knownVoices.includes(audio.voice)) return bad(`The voice ${JSON.stringify(audio.voice)} is not supported.`);
  if (audio.format !== 'wav') return bad('The audio.format parameter only supports wav.');
  return audio.voice;
}

/** The documented ranges of the sampling parameters; the message for the first one outside them. */
function checkSampling(body: Record<string, unknown>, maxOutputTokens: number): string | undefined {
  const num = (name: string): number | undefined | null => {
    const v = body[name];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const checks: [string, (v: number) => boolean, string][] = [
    ['seed', (v) => Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1, 'Range of seed should be [0, 2147483647]'],
    ['temperature', (v) => v >= 0 && v < 2, 'Range of temperature should be [0.0, 2.0)'],
    ['top_p', (v) => v > 0 && v <= 1, 'Range of top_p should be (0.0, 1.0]'],
    ['top_k', (v) => Number.isInteger(v) && v >= 0, 'Range of top_k should be [0, +inf)'],
    ['presence_penalty', (v) => v >= -2 && v <= 2, 'Range of presence_penalty should be [-2.0, 2.0]'],
    ['repetition_penalty', (v) => v > 0, 'Range of repetition_penalty should be (0.0, +inf)'],
    ['max_tokens', (v) => Number.isInteger(v) && v >= 1 && v <= maxOutputTokens, `Range of max_tokens should be [1, ${maxOutputTokens}]`],
  ];
  for (const [name, ok, message] of checks) {
    const v = num(name);
    if (v === null) return `The ${name} parameter must be a number.`;
    if (v !== undefined && !ok(v)) return message;
  }
  return undefined;
}

type Media = Pick<ValidRequest, 'kind' | 'dataUrlBytes' | 'seconds' | 'stretches' | 'video'>;

async function readMedia(item: Record<string, unknown>, urlSeconds: number, maxBytes: number): Promise<Media | ErrorAnswer> {
  const bad = (message: string): ErrorAnswer => errorAnswer(400, 'invalid_parameter_error', message);
  let kind: 'audio' | 'video';
  let data: unknown;
  if (item.type === 'input_audio' && isObject(item.input_audio)) {
    kind = 'audio';
    data = item.input_audio.data;
    if (typeof item.input_audio.format !== 'string' || item.input_audio.format === '') return bad('input_audio.format is required.');
  } else if (item.type === 'video_url' && isObject(item.video_url)) {
    kind = 'video';
    data = item.video_url.url;
  } else {
    return bad('The content type must be input_audio or video_url.');
  }
  if (typeof data !== 'string') return bad(messages.badUrl);
  // The fake cannot fetch a URL, so it pretends the media holds one stretch of sound.
  if (/^https?:\/\/\S+$/i.test(data)) return { kind, seconds: urlSeconds, stretches: [{ start: 0, end: urlSeconds }] };
  const match = /^data:([^;,]*);base64,/i.exec(data);
  if (!match) return bad(messages.badUrl);
  if (data.length > maxBytes) return bad(messages.dataUriTooBig);
  const bytes = Buffer.from(data.slice(match[0].length), 'base64');
  if (kind === 'video') {
    // The model hears a video's own sound track and sees its frames.
    const seen = await seeVideo(bytes);
    if (!seen) return bad('Invalid video file.');
    if (seen.heard.seconds === 0) return bad('The audio is empty.');
    const video = { width: seen.width, height: seen.height, tokens: seen.videoTokens };
    return { kind, dataUrlBytes: data.length, seconds: seen.heard.seconds, stretches: findStretches(seen.heard), video };
  }
  // For audio the fake understands only WAV; the real API also opens MP3, FLAC and more.
  const heard = decodeWav(bytes);
  if (!heard) return bad(messages.illegalAudio);
  if (heard.seconds === 0) return bad('The audio is empty.');
  return { kind, dataUrlBytes: data.length, seconds: heard.seconds, stretches: findStretches(heard) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
