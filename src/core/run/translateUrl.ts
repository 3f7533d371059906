import * as fs from 'node:fs';
import * as path from 'node:path';
import { createClient } from '../api/client';
import { buildRequest, requestOptionsOf } from '../api/request';
import { streamPiece } from '../api/streamPiece';
import { TranslateError } from '../errors';
import type { TranslateEvent } from '../events';
import type { OutputFormat, TranslateJob } from '../job';
import { writeFileAtomic } from '../output/atomicFile';
import { DubTrack } from '../dub/dubTrack';
import { keepBothPath } from '../output/outputPaths';
import { formatTxt } from '../output/txt';
import { isHttpUrl, urlOutputFormats } from '../options/httpUrl';
import { videoExtensions } from '../source/discover';
import { emptyUsage, type Usage } from '../api/usage';
import { validateJob } from './validateJob';

/** A job for media the API fetches itself: no local file, so no timeline and no subtitles. */
export type UrlJob = Omit<TranslateJob, 'input'> & {
  /** Output path without extension, e.g. `/work/remote-talk`; `.<lang>.txt` and `.<lang>.wav` are added. */
  outBase: string;
};

/**
 * Sends a public URL to the API as is, in one request, and writes the translation as text (and
 * speech when a voice is set). Subtitles need the source's timeline, which only a local file gives.
 */
export async function* translateUrl(url: string, job: UrlJob, signal?: AbortSignal): AsyncGenerator<TranslateEvent> {
  if (!isHttpUrl(url)) {
    throw new TranslateError('badOption', `"${url}" is not an http(s) URL. Give a public link to the media file.`);
  }
  const valid = validateJob({ ...job, input: url, formats: urlOutputFormats(job.voice) });
  const outputs = planUrlOutputs(job.outBase, valid.targetLanguage, valid.formats, valid.ifExists);
  const started = Date.now();
  const extension = path.extname(new URL(url).pathname).toLowerCase();
  const input = videoExtensions.includes(extension)
    ? ({ kind: 'video', url } as const)
    : ({ kind: 'audio', data: url, format: extension.slice(1) || 'mp3' } as const);
  const body = buildRequest(input, requestOptionsOf(valid));
  const dub = outputs.wav ? await DubTrack.open(outputs.wav) : undefined;
  let text = '';
  let usage: Usage = emptyUsage();
  try {
    const piece = { index: 0, start: 0, end: 0, speech: [] };
    yield { type: 'pieceStarted', piece, cached: false };
    const parts = streamPiece(createClient(valid.api), body, { signal, stallMs: valid.policy.stallSeconds * 1000, apiKey: valid.api.apiKey });
    await dub?.startPiece(0);
    for await (const part of parts) {
      if (part.type === 'text') {
        text += part.text;
        yield { type: 'textDelta', index: 0, text: part.text };
      } else if (part.type === 'audio') {
        await dub?.append(part.pcm);
        if (job.speechChunks) yield { type: 'audioChunk', index: 0, pcm: part.pcm };
      } else if (part.type === 'usage') {
        usage = part.usage;
      }
    }
    if (outputs.txt) await writeFileAtomic(outputs.txt, formatTxt([text]));
    // The track is exactly as long as the speech: nothing to pad.
    await dub?.finish(0);
    yield { type: 'pieceDone', piece, text, cues: [], usage, cached: false };
    yield {
      type: 'done',
      summary: { input: url, durationSeconds: 0, pieces: 1, piecesFromCache: 0, requests: 1, retries: 0, usage, elapsedMs: Date.now() - started, files: outputs, warnings: [] },
    };
  } catch (e) {
    await dub?.abort();
    throw e;
  }
}

function planUrlOutputs(
  base: string,
  language: string,
  formats: OutputFormat[],
  ifExists: TranslateJob['ifExists'],
): Partial<Record<OutputFormat, string>> {
  const planned: Partial<Record<OutputFormat, string>> = {};
  for (const format of formats) {
    const file = `${base}.${language}.${format}`;
    if (fs.existsSync(file) && ifExists === 'fail') {
      throw new TranslateError('outputExists', `${path.basename(file)} already exists.`, { next: 'replaceOutputs' });
    }
    planned[format] = fs.existsSync(file) && ifExists === 'keepBoth' ? keepBothPath(file, fs.existsSync) : file;
  }
  return planned;
}
