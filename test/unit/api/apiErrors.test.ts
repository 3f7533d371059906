import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { redactSecrets, retryAfterFrom, toTranslateError } from '../../../src/core/api/apiErrors';
import { TranslateError } from '../../../src/core/errors';

const apiKey = 'sk-abcdef0123456789secret';
const range = { start: 80, end: 110 };

function httpError(status: number, code: string, message: string, headers: Record<string, string> = {}): APIError {
  const body = { error: { code, param: null, message, type: 'invalid_request_error' }, id: 'chatcmpl-1', request_id: 'req-1' };
  return APIError.generate(status, body, undefined, new Headers(headers));
}

describe('toTranslateError', () => {
  it('maps statuses and codes to reasons', () => {
    const cases: [APIError, string][] = [
      [httpError(401, 'invalid_api_key', 'Incorrect API key provided.'), 'unauthorized'],
      [httpError(403, 'AccessDenied.Unpurchased', 'Access denied.'), 'forbidden'],
      [httpError(403, 'Arrearage', 'Access denied, please make sure your account is in good standing.'), 'arrears'],
      [httpError(404, 'model_not_found', 'The model `x` does not exist.'), 'modelNotFound'],
      [httpError(400, 'data_inspection_failed', 'Input data may contain inappropriate content.'), 'contentBlocked'],
      [httpError(400, 'DataInspectionFailed', 'Input data may contain inappropriate content.'), 'contentBlocked'],
      [httpError(400, 'Arrearage', 'Access denied.'), 'arrears'],
      [httpError(400, 'invalid_parameter_error', 'Range of max_tokens should be [1, 4096]'), 'badRequest'],
      [httpError(429, 'limit_requests', 'Requests rate limit exceeded.'), 'rateLimited'],
      [httpError(500, 'internal_error', 'An internal error has occured.'), 'server'],
      [httpError(503, 'ModelServingError', 'Too many requests in route.'), 'server'],
    ];
    for (const [e, reason] of cases) assert.equal(toTranslateError(e).reason, reason, `${e.status} ${e.code}`);
  });

  it('says the key was rejected and that keys are per region, with the piece’s range', () => {
    const e = toTranslateError(httpError(401, 'invalid_api_key', 'Incorrect API key provided.'), { apiKey, range });
    assert.equal(e.status, 401);
    assert.match(e.message, /^Piece 01:20–01:50: the API rejected the key .*region/);
    assert.equal(e.message.split(/[.!?]\s/).length, 1, 'one sentence');
  });

  it('quotes the server for a 400 and never shows the key, a bearer token or an sk- token', () => {
    const leaky = httpError(400, 'invalid_parameter_error', `Bad header Authorization: Bearer ${apiKey}; also sk-otherkey12345 and ${apiKey}`);
    const e = toTranslateError(leaky, { apiKey, range });
    assert.equal(e.reason, 'badRequest');
    assert.match(e.message, /HTTP 400: Bad header Authorization/);
    for (const text of [e.message, e.detail ?? '', e.stack ?? '', inspect(e, { depth: 5 })]) {
      assert.ok(!text.includes(apiKey), text);
      assert.ok(!text.includes('sk-otherkey12345'), text);
    }
  });

  it('reads Retry-After in seconds, as an HTTP date, or retry-after-ms', () => {
    assert.equal(toTranslateError(httpError(429, 'limit_requests', 'Slow down.', { 'retry-after': '3' })).retryAfterMs, 3000);
    assert.equal(toTranslateError(httpError(429, 'limit_requests', 'Slow down.', { 'retry-after-ms': '1500' })).retryAfterMs, 1500);
    assert.equal(toTranslateError(httpError(429, 'limit_requests', 'Slow down.')).retryAfterMs, undefined);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterFrom(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now), 7000);
    assert.equal(retryAfterFrom(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), now), 0);
    assert.equal(retryAfterFrom(new Headers({ 'retry-after': 'soon' }), now), undefined);
  });

  it('maps connection failures, timeouts and aborts', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    assert.equal(toTranslateError(reset).reason, 'network');
    assert.equal(toTranslateError(new Error('socket hang up')).reason, 'network');
    const terminated = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    assert.equal(toTranslateError(terminated).reason, 'network');
    const refused = new APIConnectionError({ cause: new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }) });
    const e = toTranslateError(refused, { range });
    assert.equal(e.reason, 'network');
    assert.match(e.message, /ECONNREFUSED/);
    assert.equal(toTranslateError(new APIConnectionTimeoutError()).reason, 'network');
    assert.equal(toTranslateError(new APIUserAbortError()).reason, 'cancelled');
    assert.equal(toTranslateError(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })).reason, 'cancelled');
  });

  it('treats an error object inside a 200 stream as streamError, and bad JSON too', () => {
    const inStream = new APIError(undefined, { code: 'InternalError.Algo', message: 'An error occurred in model serving.' }, undefined, new Headers());
    const e = toTranslateError(inStream, { range });
    assert.equal(e.reason, 'streamError');
    assert.match(e.message, /^Piece 01:20–01:50: the API reported an error during the answer: An error occurred in model serving\.$/);
    const blocked = new APIError(undefined, { code: 'data_inspection_failed', message: 'Output data may contain inappropriate content.' }, undefined, new Headers());
    assert.equal(toTranslateError(blocked).reason, 'contentBlocked');
    assert.equal(toTranslateError(new SyntaxError('Unexpected end of JSON input')).reason, 'streamError');
  });

  it('returns a TranslateError unchanged', () => {
    const original = new TranslateError('stalled', 'Stalled.');
    assert.equal(toTranslateError(original), original);
  });
});

describe('redactSecrets', () => {
  it('hides the key, bearer values and sk- tokens', () => {
    assert.equal(redactSecrets(`key ${apiKey}, Bearer abc.def, sk-1234567 end`, apiKey), 'key ***, Bearer ***, sk-*** end');
    assert.equal(redactSecrets('nothing secret here'), 'nothing secret here');
  });
});
