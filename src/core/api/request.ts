import { WaveFile } from 'wavefile';
import type { SamplingOptions, TranslateJob } from '../job';

/** The media of one request: audio as a data URL or public URL with its format, or a video URL. */
export type MediaInput = { kind: 'audio'; data: string; format: string } | { kind: 'video'; url: string };

/** What a request asks for besides the media. Languages are codes such as `en`, never names. */
export interface RequestOptions {
  model: string;
  targetLanguage: string;
  /** Undefined lets the model detect the source language. */
  sourceLanguage?: string;
  /** Set to ask for translated speech in this voice as well as text. */
  voice?: string;
  sampling: SamplingOptions;
}

/** A job's request options: the model, the languages, the voice and the sampling options. */
export function requestOptionsOf(job: Pick<TranslateJob, 'api' | 'targetLanguage' | 'sourceLanguage' | 'voice'>): RequestOptions {
  return { model: job.api.model, targetLanguage: job.targetLanguage, sourceLanguage: job.sourceLanguage, voice: job.voice, sampling: job.api.sampling };
}

/**
 * The JSON body of one streaming chat completion, exactly as the API reference shows it:
 * `translation_options`, `top_k` and `repetition_penalty` sit at the top level, and each sampling
 * parameter appears only when it is set, so the model's translation-tuned defaults apply otherwise.
 */
export function buildRequest(input: MediaInput, o: RequestOptions): Record<string, unknown> {
  const media =
    input.kind === 'audio'
      ? { type: 'input_audio', input_audio: { data: input.data, format: input.format } }
      : { type: 'video_url', video_url: { url: input.url } };
  const translationOptions: Record<string, string> = {};
  if (o.sourceLanguage !== undefined) translationOptions.source_lang = o.sourceLanguage;
  translationOptions.target_lang = o.targetLanguage;
  const body: Record<string, unknown> = {
    model: o.model,
    messages: [{ role: 'user', content: [media] }],
    stream: true,
    stream_options: { include_usage: true },
    modalities: o.voice === undefined ? ['text'] : ['text', 'audio'],
  };
  if (o.voice !== undefined) body.audio = { voice: o.voice, format: 'wav' };
  body.translation_options = translationOptions;
  return { ...body, ...samplingFields(o.sampling) };
}

/**
 * A `data:audio/wav;base64,…` URL holding `pcm` (signed 16-bit little-endian mono) as a WAV file.
 * An odd trailing byte, half a sample, is dropped.
 */
export function wavDataUrl(pcm: Buffer, sampleRate: number): string {
  const { header, samples } = wavParts(pcm, sampleRate);
  return `data:audio/wav;base64,${Buffer.concat([header, samples]).toString('base64')}`;
}

/** Stands in for the audio's data URL while the rest of a request body is serialised. */
const audioMarker = '@media-translate:audio@';

/**
 * The JSON bytes of the request for `pcm` as a WAV data URL, the same as
 * `JSON.stringify(buildRequest({ kind: 'audio', data: wavDataUrl(pcm, sampleRate), format: 'wav' }, o))`
 * but written straight into one buffer, which `alloc` gives (a run's `BufferPool`, so that each
 * piece does not allocate its own). Building the data URL as a string and letting the SDK
 * serialise and encode it copies a 30 s piece's 1.3 MB of base64 four times, which at eight pieces
 * in flight was about 20 MB of the engine's peak memory.
 */
export function audioRequestBytes(pcm: Buffer, sampleRate: number, o: RequestOptions, alloc: (bytes: number) => Buffer = Buffer.allocUnsafe): Buffer {
  const json = JSON.stringify(buildRequest({ kind: 'audio', data: audioMarker, format: 'wav' }, o));
  const at = json.indexOf(audioMarker);
  const head = Buffer.from(`${json.slice(0, at)}data:audio/wav;base64,`);
  const tail = Buffer.from(json.slice(at + audioMarker.length));
  const { header, samples } = wavParts(pcm, sampleRate);
  const out = alloc(head.length + base64Length(header.length + samples.length) + tail.length);
  let end = head.copy(out, 0);
  end = writeBase64Wav(out, end, header, samples);
  tail.copy(out, end);
  return out;
}

/** The length of the base64 text (padded) for `bytes` bytes. */
function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** The WAV header (from wavefile) for `pcm`, and the whole samples of `pcm` as a view. */
function wavParts(pcm: Buffer, sampleRate: number): { header: Buffer; samples: Buffer } {
  const samples = pcm.subarray(0, pcm.length - (pcm.length % 2));
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '16', []);
  // The header alone, sized for the samples: they are already in the WAV's byte order, and letting
  // wavefile copy (or worse, pack) them would cost time and memory for nothing.
  const empty = wav.toBuffer();
  const header = Buffer.from(empty.buffer, empty.byteOffset, empty.length);
  header.writeUInt32LE(header.length - 8 + samples.length, 4);
  header.writeUInt32LE(samples.length, header.length - 4);
  return { header, samples };
}

/**
 * Writes base64 of header + samples into `out` at `at`, and returns where it ends. base64 works in
 * groups of 3 bytes, so the header and the first bytes of the samples up to a multiple of 3 are
 * encoded together, and the rest in slices whose lengths are multiples of 3: the texts join
 * exactly. Each slice's text is small enough for V8's young heap, where it is freed at almost no
 * cost; Node keeps the text of a whole piece outside the heap, counted like a buffer towards the
 * next full collection.
 */
function writeBase64Wav(out: Buffer, at: number, header: Buffer, samples: Buffer): number {
  const lead = Math.min(samples.length, (3 - (header.length % 3)) % 3);
  let end = at + out.write(Buffer.concat([header, samples.subarray(0, lead)]).toString('base64'), at, 'latin1');
  for (let from = lead; from < samples.length; from += base64SliceBytes) {
    end += out.write(samples.subarray(from, Math.min(samples.length, from + base64SliceBytes)).toString('base64'), end, 'latin1');
  }
  return end;
}

/** A multiple of 3 whose base64 text stays below V8's limit for objects on its young heap. */
const base64SliceBytes = 72 * 1024;

/** The API's names for the sampling options that are set. */
function samplingFields(s: SamplingOptions): Record<string, number> {
  const names: [keyof SamplingOptions, string][] = [
    ['seed', 'seed'],
    ['temperature', 'temperature'],
    ['topP', 'top_p'],
    ['topK', 'top_k'],
    ['presencePenalty', 'presence_penalty'],
    ['repetitionPenalty', 'repetition_penalty'],
    ['maxTokens', 'max_tokens'],
  ];
  const fields: Record<string, number> = {};
  for (const [option, name] of names) {
    const value = s[option];
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}
