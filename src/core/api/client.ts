import OpenAI from 'openai';
import type { ApiOptions } from '../job';
import { nodeFetch } from './nodeFetch';

/**
 * How long the SDK waits for the response headers of one request. The stream after the headers is
 * watched by `streamPiece`'s stall timer instead, so this only catches a server that never answers.
 */
const headersTimeoutMs = 5 * 60_000;

/**
 * The SDK client for one run. Retries are off because the engine retries itself (with backoff, the
 * pacer and a fresh request body), and the SDK's own retries would hide 429s from the pacer.
 * Logging is off because the SDK would print raw chunks to the console on a malformed one; errors
 * reach the log through `toTranslateError` instead. Requests go over `node:http` (see `nodeFetch`).
 */
export function createClient(api: Pick<ApiOptions, 'apiKey' | 'baseUrl' | 'proxy'>): OpenAI {
  const { baseURL, query } = splitQuery(api.baseUrl);
  return new OpenAI({
    apiKey: api.apiKey,
    baseURL,
    defaultQuery: query,
    maxRetries: 0,
    timeout: headersTimeoutMs,
    logLevel: 'off',
    // The SDK would otherwise read these from OPENAI_* variables and send them to Alibaba.
    organization: null,
    project: null,
    webhookSecret: null,
    fetch: (input: string | URL | Request, init?: RequestInit) => nodeFetch(input, init, api.proxy),
  });
}

/**
 * The SDK appends each path to the base URL as text, so a query in the base URL (a proxy's
 * `?workspace=…`) would end up before the path. The query is taken off and sent with every request
 * instead, after the path where it belongs.
 */
function splitQuery(baseUrl: string): { baseURL: string; query: Record<string, string> | undefined } {
  // A fragment is never sent, and after it the path would be lost as well.
  const url = baseUrl.replace(/#.*$/, '');
  const at = url.indexOf('?');
  if (at === -1) return { baseURL: url.replace(/\/+$/, ''), query: undefined };
  const query = Object.fromEntries(new URLSearchParams(url.slice(at + 1)));
  return { baseURL: url.slice(0, at).replace(/\/+$/, ''), query: Object.keys(query).length > 0 ? query : undefined };
}
