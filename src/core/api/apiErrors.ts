import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { TranslateError, isAbortError, type ErrorReason } from '../errors';
import type { Span } from '../timeline';
import { withoutCredentials } from './baseUrl';
import { isWebPage, mediaTypeOf } from './mediaType';
import { originalStatusHeader } from './nodeFetch';
import { ProxyFailure } from './proxy';
import { pieceSentence } from './sentence';

/** What an error message may mention: the key to hide, and the piece the request was for. */
export interface ErrorContext {
  apiKey?: string;
  range?: Span;
}

/**
 * Maps anything a request can throw (SDK errors, undici socket errors, JSON errors, an error object
 * inside the stream) to a TranslateError whose `reason` says whether to retry. The message is one
 * sentence, starts with the piece's range when one is given, and, like `detail`, never contains the
 * API key or any bearer or `sk-` token.
 */
export function toTranslateError(e: unknown, o: ErrorContext = {}): TranslateError {
  if (TranslateError.is(e)) return e;
  if (e instanceof APIUserAbortError || isAbortError(e)) return cancelledError(o);
  // The SDK wraps whatever the transport threw; a proxy's refusal is about the whole run, not a piece.
  const proxy = e instanceof ProxyFailure ? e : e instanceof APIConnectionError && e.cause instanceof ProxyFailure ? e.cause : undefined;
  if (proxy) return new TranslateError('proxy', redactSecrets(proxy.message, o.apiKey), { detail: proxy.message });
  if (e instanceof APIConnectionTimeoutError) {
    return make('network', 'the API did not answer in time', o, { detail: describeRaw(e, o.apiKey), cause: e });
  }
  if (e instanceof APIConnectionError) {
    const tls = certificateCode(e.cause);
    if (tls !== undefined) {
      const what = `the API's TLS certificate was not trusted (${tls}). If a proxy or firewall inspects HTTPS, trust its certificate authority (on the command line, set NODE_EXTRA_CA_CERTS to its PEM file)`;
      return make('network', what, o, { detail: describeRaw(e, o.apiKey), cause: e });
    }
    const code = socketCode(e.cause) ?? 'connection failed';
    return make('network', `the connection to the API failed (${code})`, o, { detail: describeRaw(e, o.apiKey), cause: e });
  }
  if (e instanceof APIError) return fromApiError(e, o);
  if (e instanceof SyntaxError) {
    return make('streamError', 'the API sent a chunk that is not valid JSON', o, { detail: describeRaw(e, o.apiKey), cause: e });
  }
  const code = socketCode(e);
  if (code !== undefined) {
    return make('network', `the connection to the API was lost (${code})`, o, { detail: describeRaw(e, o.apiKey), cause: e });
  }
  // zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR…) and Brotli's: the answer came compressed and does not decode.
  const zlib = stringOf((e as { code?: unknown } | undefined)?.code);
  if (zlib && /^(Z_|ERR_BROTLI|ERR__ERROR_FORMAT)/u.test(zlib)) {
    return make('streamError', `the answer came compressed and could not be decoded (${zlib})`, o, { detail: describeRaw(e, o.apiKey), cause: e });
  }
  return make('streamError', 'the request failed unexpectedly', o, { detail: describeRaw(e, o.apiKey), cause: e });
}

/** The error for a request the user stopped; its message is about the run, so it names no piece. */
export function cancelledError(o: ErrorContext = {}): TranslateError {
  return new TranslateError('cancelled', 'The translation was cancelled.', { range: o.range });
}

/**
 * The TranslateError for an `error` object sent inside a 200 stream (`data: {"error":{…}}`):
 * 'streamError', unless its code names a permanent reason such as moderation or arrears.
 */
export function streamErrorFromBody(error: unknown, o: ErrorContext = {}): TranslateError {
  const body = isObject(error) ? error : {};
  const code = stringOf(body.code) ?? stringOf(body.type);
  const server = serverMessage(body.message, o.apiKey);
  const reason = reasonForCode(code) ?? 'streamError';
  const what = sentenceFor(reason, undefined, server);
  return make(reason, what, o, { detail: redactSecrets(`in-stream error; code ${code ?? 'none'}; ${JSON.stringify(body)}`, o.apiKey) });
}

/** `text` with the API key, `Bearer …` values and `sk-…` tokens replaced by `***`. */
export function redactSecrets(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) {
    out = out.split(apiKey).join('***');
    // As a JSON string the key's tabs or quotes are escaped, and the raw form no longer matches.
    const escaped = JSON.stringify(apiKey).slice(1, -1);
    if (escaped !== apiKey) out = out.split(escaped).join('***');
  }
  return out.replace(/Bearer\s+[^\s"',;]+/gi, 'Bearer ***').replace(/\bsk-[A-Za-z0-9_-]{4,}/g, 'sk-***');
}

/** The wait a 429 (or 503) asks for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date. */
export function retryAfterFrom(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function fromApiError(e: APIError, o: ErrorContext): TranslateError {
  const odd = e.headers?.get(originalStatusHeader);
  if (odd) {
    // No HTTP server sends such a status; whatever answered is not the API, and asking again will not change it.
    const what = `the endpoint answered with HTTP ${odd}, which is not a valid HTTP status; check the base URL, and whether a proxy is in the way`;
    return make('notTheApi', what, o, { detail: redactSecrets(`HTTP ${odd}; ${e.message}`, o.apiKey), status: Number(odd), cause: e });
  }
  const body = isObject(e.error) ? e.error : {};
  const code = stringOf(e.code) ?? stringOf(body.code) ?? stringOf(e.type);
  const server = serverMessage(body.message ?? (e.status === undefined ? e.message : undefined), o.apiKey);
  const status = e.status;
  const reason = reasonFor(status, code);
  const detail = redactSecrets(
    [`HTTP ${status ?? 'none'}`, `code ${code ?? 'none'}`, `type ${stringOf(e.type) ?? 'none'}`, `request ${e.requestID ?? requestIdOf(e.error) ?? 'none'}`, server ?? '']
      .filter(Boolean)
      .join('; '),
    o.apiKey,
  );
  // The API's errors are JSON; a web page with a client error is a proxy's, a firewall's or a sign-in
  // page's, and blaming the account for it (403: "check that Model Studio is activated") misleads.
  const type = mediaTypeOf(e.headers?.get('content-type'));
  if (isWebPage(type) && status !== undefined && status >= 400 && status < 500 && status !== 429) {
    const page = `the endpoint answered HTTP ${status} with a web page (${type}) instead of the API's answer; check the base URL, and whether a proxy or firewall is in the way`;
    return make('notTheApi', page, o, { detail, status, cause: e });
  }
  const retryAfterMs = reason === 'rateLimited' || reason === 'server' ? retryAfterFrom(e.headers) : undefined;
  const what = status !== undefined && status >= 300 && status < 400 ? redirectSentence(status, e.headers) : sentenceFor(reason, status, server, code);
  return make(reason, what, o, { detail, status, retryAfterMs, cause: e });
}

/** Permanent reasons named by an error code, whatever the status. */
function reasonForCode(code: string | undefined): ErrorReason | undefined {
  switch (code?.toLowerCase()) {
    case 'data_inspection_failed':
    case 'datainspectionfailed':
      return 'contentBlocked';
    case 'arrearage':
      return 'arrears';
    case 'invalid_api_key':
    case 'invalidapikey':
      return 'unauthorized';
    case 'model_not_found':
    case 'modelnotfound':
    case 'model_not_supported':
      return 'modelNotFound';
    default:
      return undefined;
  }
}

function reasonFor(status: number | undefined, code: string | undefined): ErrorReason {
  const byCode = reasonForCode(code);
  if (byCode) return byCode;
  if (status === undefined) return 'streamError';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'modelNotFound';
  if (status === 429) return 'rateLimited';
  // A request timeout or a conflict says nothing about the request itself, so it is worth another try.
  if (status === 408 || status === 409 || status >= 500) return 'server';
  return 'badRequest';
}

/**
 * A redirect is not followed: the request carries the key, and the endpoint is the person's to set.
 * The sentence names where the server points, so the setting can be changed to it.
 */
function redirectSentence(status: number, headers: Headers | undefined): string {
  const location = headers?.get('location');
  return `the endpoint answered with a redirect (HTTP ${status}${location ? ` to ${withoutCredentials(location)}` : ''}); if that address is the API, set the endpoint to it`;
}

function sentenceFor(reason: ErrorReason, status: number | undefined, server: string | undefined, code?: string): string {
  const http = status === undefined ? '' : `HTTP ${status}`;
  const said = [http, server].filter(Boolean).join(': ');
  const paren = said ? ` (${said})` : '';
  switch (reason) {
    case 'unauthorized':
      return `the API rejected the key${paren}; keys work only in the region that issued them, so check both the key and the region`;
    case 'forbidden':
      if (code?.toLowerCase() === 'allocationquota.freetieronly') {
        return `the free quota is used up and the account is set to stop there${paren}; turn off "stop when the free quota is used up" in the Model Studio console to go on with paid use`;
      }
      return `the API refused access to the model${paren}; check that Model Studio is activated and the workspace may use this model`;
    case 'arrears':
      return `the API refused the request because the Alibaba Cloud account has an overdue balance${paren}`;
    case 'contentBlocked':
      return `the API's content moderation blocked this input or its translation${paren}`;
    case 'modelNotFound':
      return `the API does not offer this model at this address${paren}; check the model name and the region`;
    case 'rateLimited':
      return `the API's rate limit was reached${paren}`;
    case 'server':
      return `the API had a server error${paren}`;
    case 'badRequest':
      return `the API rejected the request${paren}`;
    case 'streamError':
      // Only an error inside a 200 stream has no status; its message follows a colon.
      return `the API reported an error during the answer${server ? `: ${server}` : ''}`;
    default:
      return `the request failed${paren}`;
  }
}

function make(
  reason: ErrorReason,
  what: string,
  o: ErrorContext,
  init: { detail?: string; status?: number; retryAfterMs?: number; cause?: unknown },
): TranslateError {
  const sentence = redactSecrets(pieceSentence(o.range, what), o.apiKey);
  const cause = init.cause === undefined ? undefined : safeCause(init.cause, o.apiKey);
  return new TranslateError(reason, sentence, { ...init, cause, range: o.range });
}

/** The server's own words, trimmed to one clause and cleared of secrets. */
function serverMessage(message: unknown, apiKey?: string): string | undefined {
  // Redacted first: squeezing the whitespace of a key that holds some would hide it from redaction.
  const raw = stringOf(message);
  const text = raw === undefined ? undefined : redactSecrets(raw, apiKey).trim().replace(/\s+/g, ' ').replace(/[.。]+$/, '');
  if (!text) return undefined;
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

/** Keeps the original error as `cause` only when nothing in it (message, stack, causes) holds a secret. */
function safeCause(e: unknown, apiKey?: string): unknown {
  const texts: string[] = [];
  for (const current of causeChain(e)) {
    if (current instanceof Error) texts.push(current.message, current.stack ?? '');
    else texts.push(String(current));
    if (isObject(current) && 'error' in current) texts.push(JSON.stringify(current.error) ?? '');
  }
  return texts.every((t) => redactSecrets(t, apiKey) === t) ? e : undefined;
}

function describeRaw(e: unknown, apiKey?: string): string {
  const parts: string[] = [];
  for (const current of causeChain(e, 4)) {
    if (current instanceof Error) {
      const code = isObject(current) ? stringOf(current.code) : undefined;
      parts.push(`${current.name}${code ? ` ${code}` : ''}: ${current.message}`);
    } else {
      parts.push(String(current));
    }
  }
  return redactSecrets(parts.join(' <- '), apiKey);
}

const socketCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The socket-level code in an error or its causes (undici wraps them as `TypeError: terminated`). */
function socketCode(e: unknown): string | undefined {
  for (const current of causeChain(e)) {
    if (!isObject(current)) break;
    const code = stringOf(current.code);
    if (code && socketCodes.has(code)) return code;
    const message = stringOf(current.message) ?? '';
    if (/socket hang up/i.test(message)) return 'socket hang up';
    if (/other side closed/i.test(message)) return 'other side closed';
    if (current instanceof TypeError && /^terminated$|fetch failed/i.test(message) && !isObject(current.cause)) return message;
  }
  return undefined;
}

/** The code of a TLS certificate failure in an error or its causes (`SELF_SIGNED_CERT_IN_CHAIN`, `CERT_HAS_EXPIRED`, …). */
function certificateCode(e: unknown): string | undefined {
  for (const current of causeChain(e)) {
    if (!isObject(current)) break;
    const code = stringOf(current.code);
    if (code && /CERT|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) return code;
  }
  return undefined;
}

/** An error and its causes, outermost first, at most `depth` deep (a cycle of causes must not loop). */
function* causeChain(e: unknown, depth = 5): Generator<unknown> {
  let current: unknown = e;
  for (let i = 0; i < depth && current !== undefined && current !== null; i++) {
    yield current;
    current = isObject(current) ? current.cause : undefined;
  }
}

function requestIdOf(error: unknown): string | undefined {
  return isObject(error) ? stringOf(error.request_id) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
