import { TranslateError } from '../errors';
import { regionBaseUrls, type Region } from '../job';

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
      throw new TranslateError('badOption', `The base URL "${withoutCredentials(explicit)}" is not an http(s) URL; use one like ${regionBaseUrls.singapore}.`);
    }
    return explicit.replace(/\/+$/, '');
  }
  return regionBaseUrls[o.region ?? 'singapore'];
}

/**
 * `url` with any `user:password@` replaced by `***@`, so a message never echoes credentials, even
 * for text that does not parse as a URL.
 */
export function withoutCredentials(url: string): string {
  return url.replace(/^([^/?#]*?\/\/)?[^/?#@]*@/, (_, scheme: string | undefined) => `${scheme ?? ''}***@`);
}
