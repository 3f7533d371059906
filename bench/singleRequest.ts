import { performance } from 'node:perf_hooks';
import { createClient } from '../src/core/api/client';
import { buildRequest, wavDataUrl } from '../src/core/api/request';
import { streamPiece } from '../src/core/api/streamPiece';
import { decodePcm } from '../src/core/source/decode';
import { SOURCE_RATE } from '../src/core/timeline';

/** How the documented single request for a whole file went. */
export interface SingleRequestResult {
  /** Real milliseconds from sending the request to the end of its stream. */
  wallMs: number;
  /** Real milliseconds to the first text. */
  firstTextMs: number | undefined;
  audioSeconds: number;
  dataUrlBytes: number;
  /** 'length' when the answer was cut off at the output limit, as the real API does. */
  finishReason: string | undefined;
}

/**
 * Sends the whole of `file` as one request, the way the API reference shows it: the audio as one
 * WAV data URL (16 kHz mono, what the engine sends per piece), asking for text and speech. The body
 * is built before the clock starts, so decoding and encoding do not count against it.
 */
export async function runSingleRequest(file: string, api: { baseUrl: string; apiKey: string }): Promise<SingleRequestResult> {
  const chunks: Buffer[] = [];
  for await (const chunk of decodePcm(file, { ffmpegPath: 'ffmpeg' })) chunks.push(chunk);
  const pcm = Buffer.concat(chunks);
  const data = wavDataUrl(pcm, SOURCE_RATE);
  const body = buildRequest(
    { kind: 'audio', data, format: 'wav' },
    { model: 'qwen3-livetranslate-flash', targetLanguage: 'fr', voice: 'Cherry', sampling: {} },
  );
  const client = createClient(api);
  const started = performance.now();
  let firstTextMs: number | undefined;
  let finishReason: string | undefined;
  for await (const part of streamPiece(client, body, { stallMs: 0, apiKey: api.apiKey })) {
    if (part.type === 'text') firstTextMs ??= performance.now() - started;
    if (part.type === 'finish') finishReason = part.reason;
  }
  return {
    wallMs: performance.now() - started,
    firstTextMs,
    audioSeconds: pcm.length / 2 / SOURCE_RATE,
    dataUrlBytes: data.length,
    finishReason,
  };
}
