import OpenAI from 'openai';
import { TranslateError } from '../errors';
import { regionBaseUrls, type ApiOptions, type Region } from '../job';

/**
 * How long the SDK waits for the response headers of one request. The stream after the headers is
 * watched by `streamPiece`'s stall timer instead, so this only catches a server that never answers.
 */
const headersTimeoutMs = 5 * 60_000;

/**
 * The SDK client for one run. Retries are off because the engine retries itself (with backoff, the
 * pacer and a fresh request body), and the SDK's own retries would hide 429s from the pacer.
 * Logging is off because the SDK would print raw chunks to the console on a malformed one; errors
 * reach the log through `toTranslateError` instead.
 */
export function createClient(api: Pick<ApiOptions, 'apiKey' | 'baseUrl'>): OpenAI {
  return new OpenAI({
    apiKey: api.apiKey,
    baseURL: api.baseUrl,
    maxRetries: 0,
    timeout: headersTimeoutMs,
    logLevel: 'off',
    // The SDK would otherwise read these from OPENAI_* variables and send them to Alibaba.
    organization: null,
    project: null,
    webhookSecret: null,
  });
}

/**
 * The base URL to send requests to: an explicit `baseUrl` wins (trailing slashes trimmed), else the
 * region's documented URL, else Singapore's (the international endpoint).
 * Throws TranslateError 'badOption' when the explicit URL is not http(s).
 */
export function resolveBaseUrl(o: { baseUrl?: string; region?: Region }): string {
  const explicit = o.baseUrl?.trim();
  if (explicit) {
    let url: URL | undefined;
    try {
      url = new URL(explicit);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new TranslateError('badOption', `The base URL "${explicit}" is not an http(s) URL; use one like ${regionBaseUrls.singapore}.`);
    }
    return explicit.replace(/\/+$/, '');
  }
  return regionBaseUrls[o.region ?? 'singapore'];
}
