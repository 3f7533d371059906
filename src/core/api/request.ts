import { WaveFile } from 'wavefile';
import type { SamplingOptions } from '../job';

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
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '16', []);
  // The PCM is already in the WAV's byte order, so it goes in as the data chunk's bytes: letting
  // wavefile pack it sample by sample costs about 200 ms per two minutes of audio.
  const data = wav.data as { samples: Uint8Array; chunkSize: number };
  data.samples = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.length - (pcm.length % 2));
  data.chunkSize = data.samples.length;
  return `data:audio/wav;base64,${Buffer.from(wav.toBuffer()).toString('base64')}`;
}

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
