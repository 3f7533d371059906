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
      throw new TranslateError('badOption', `The base URL "${withoutCredentials(explicit)}" is not an http(s) URL; use one like ${regionBaseUrls.singapore}.`);
    }
    return explicit.replace(/\/+$/, '');
  }
  return regionBaseUrls[o.region ?? 'singapore'];
}

/**
 * `url` with everything between its scheme and its last `@` replaced by `***`, so a message never
 * echoes a user and password, even for text that does not parse as a URL or a password that holds
 * a slash. A path with an `@` in it is hidden too, which costs nothing but a little detail.
 */
export function withoutCredentials(url: string): string {
  const at = url.lastIndexOf('@');
  if (at === -1) return url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  return `${scheme}***${url.slice(at)}`;
}
