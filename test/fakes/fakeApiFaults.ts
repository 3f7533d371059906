import { randomUUID } from 'node:crypto';

/**
 * One scripted misbehaviour, consumed by the next request that arrives (see `FakeApi.faults`).
 * `afterChunks` counts the `data:` chunks already sent, the role chunk included.
 */
export type Fault =
  /**
   * With `together`, the request is held until that many requests wait on such a fault, and then
   * all of them are answered at once: the 429s a burst of requests in flight meets together.
   */
  | { kind: '429'; retryAfterSeconds?: number; together?: number }
  | { kind: '500' }
  | { kind: '503' }
  | { kind: '401' }
  /** AccessDenied, AccessDenied.Unpurchased, Model.AccessDenied or AllocationQuota.FreeTierOnly. */
  | { kind: '403'; code?: string }
  | { kind: '400'; code?: string; message?: string }
  /** Destroys the socket mid-stream: no finish_reason, no [DONE]. */
  | { kind: 'drop'; afterChunks: number }
  /** A partial answer that ends with finish_reason 'length', as when the output limit is hit. */
  | { kind: 'length' }
  /** One chunk whose JSON is cut off, after the role chunk and one text chunk. */
  | { kind: 'malformed' }
  /** Sends nothing for `ms`, then goes on as normal if the client is still there. */
  | { kind: 'stall'; afterChunks: number; ms: number }
  /** HTTP 200, then `data: {"error":{…}}` and the end of the response. */
  | { kind: 'errorInStream'; afterChunks: number }
  /** HTTP 200, then only `: keep-alive` comment lines every `everyMs`, after `afterChunks` chunks, until the client goes. */
  | { kind: 'keepAlive'; afterChunks: number; everyMs: number }
  /** After `afterChunks` chunks, the rest of the answer one byte every `byteEveryMs`. */
  | { kind: 'trickle'; afterChunks: number; byteEveryMs: number }
  /** Every chunk `everyMs` after the one before: an answer that keeps coming, but slowly. */
  | { kind: 'slowChunks'; everyMs: number }
  /** `bytes` of speech (in 1 MB chunks) right after the role chunk, then the normal answer. */
  | { kind: 'hugeSpeech'; bytes: number }
  /** One `data:` line of `bytes` characters that never ends, then the end of the response. */
  | { kind: 'hugeLine'; bytes: number }
  /** The first half of the answer, then this finish_reason (`content_filter`, say). */
  | { kind: 'finish'; reason: string }
  /** The role chunk, a `stop` finish and the usage: an answer with nothing in it. */
  | { kind: 'empty' }
  /** The text of the answer without its speech, even when speech was asked for. */
  | { kind: 'noSpeech' }
  /** HTTP 200 with a web page, as a captive portal or a misconfigured proxy sends. */
  | { kind: 'html'; status?: number }
  /** HTTP 200 with a JSON body instead of the event stream: an error object, or a whole completion. */
  | { kind: 'json'; body: unknown }
  /** HTTP 200 labelled gzip whose body is not: a broken proxy or server. */
  | { kind: 'badGzip' }
  /** Any status the server likes (600, say), with the documented error body. */
  | { kind: 'status'; status: number }
  | { kind: 'ok' };

/** The documented error body. */
export interface ErrorBody {
  error: { code: string; param: string | null; message: string; type: string };
  id: string;
  request_id: string;
}

/** An HTTP error answer: status, extra headers and the documented body. */
export interface ErrorAnswer {
  status: number;
  headers?: Record<string, string>;
  body: ErrorBody;
}

/** Builds an error answer shaped like the real API's: `{"error":{code,param,message,type},id,request_id}`. */
export function errorAnswer(status: number, code: string, message: string, type = 'invalid_request_error', headers?: Record<string, string>): ErrorAnswer {
  return { status, headers, body: errorBody(code, message, type) };
}

/** The body alone, also used for an error sent inside a 200 stream. */
export function errorBody(code: string, message: string, type: string, param: string | null = null): ErrorBody {
  return { error: { code, param, message, type }, id: `chatcmpl-${randomUUID()}`, request_id: randomUUID() };
}

/** Messages as the API words them (docs' error-code page). */
export const messages = {
  invalidKey: 'Incorrect API key provided. For details, see: https://help.aliyun.com/zh/model-studio/error-code#apikey-error',
  streamOnly: 'This model only support stream mode, please enable the stream parameter to access the model. ',
  rateLimited: 'Requests rate limit exceeded, please try again later.',
  tokensLimited: 'You exceeded your current quota, please check your plan and billing details.',
  internal: 'An internal error has occured, please try again later or contact service support.',
  overloaded: 'Too many requests in route. Please try again later.',
  inStream: 'An error occurred in model serving, error message is: [Internal error]. Please try again later.',
  dataUriTooBig: 'Exceeded limit on max bytes per data-uri item : 10485760',
  illegalAudio: 'The audio format is illegal and cannot be opened',
  badUrl: 'The provided URL does not appear to be valid. Ensure it is correctly formatted.',
  forbidden: {
    AccessDenied: 'Access denied.',
    'AccessDenied.Unpurchased': 'Access to model denied. Please make sure you are eligible for using the model.',
    'Model.AccessDenied': 'Model access denied.',
    'AllocationQuota.FreeTierOnly': 'The free tier of the model has been exhausted. If you wish to continue access the model on a paid basis, please disable the "use free tier only" mode in the management console.',
  } as Record<string, string>,
  modelNotFound: (model: string) => `The model \`${model}\` does not exist or you do not have access to it.`,
};

/** The answer a status fault sends instead of translating, or undefined for stream faults. */
export function statusFaultAnswer(fault: Fault): ErrorAnswer | undefined {
  switch (fault.kind) {
    case '429':
      return errorAnswer(
        429,
        'limit_requests',
        messages.rateLimited,
        'limit_requests',
        fault.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(fault.retryAfterSeconds) },
      );
    case '500':
      return errorAnswer(500, 'internal_error', messages.internal, 'internal_error');
    case '503':
      return errorAnswer(503, 'ModelServingError', messages.overloaded, 'service_unavailable_error');
    case '401':
      return errorAnswer(401, 'invalid_api_key', messages.invalidKey);
    case '403': {
      const code = fault.code ?? 'AccessDenied';
      return errorAnswer(403, code, messages.forbidden[code] ?? 'Access denied.', code);
    }
    case '400': {
      const code = fault.code ?? 'invalid_parameter_error';
      const type = code === 'data_inspection_failed' ? 'data_inspection_failed' : code === 'Arrearage' ? 'Arrearage' : 'invalid_request_error';
      return errorAnswer(400, code, fault.message ?? defaultMessage(code), type);
    }
    case 'status':
      return errorAnswer(fault.status, 'OddStatus', 'Something unusual happened.', 'internal_error');
    default:
      return undefined;
  }
}

function defaultMessage(code: string): string {
  if (code === 'data_inspection_failed') return 'Input data may contain inappropriate content.';
  if (code === 'Arrearage') return 'Access denied, please make sure your account is in good standing.';
  return 'The request is invalid.';
}
