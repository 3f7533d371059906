import { TranslateError } from '../errors';
import { regionBaseUrls, type Region } from './regions';

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
