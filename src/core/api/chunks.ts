import { SPEECH_RATE, type Span } from '../timeline';
import type { Usage } from './usage';
import { streamErrorFromBody } from './apiErrors';
import { PcmDecoder } from './pcmDecoder';

/** One useful thing from the stream: translated text, translated speech, the end, or the token bill. */
export type StreamPart =
  | { type: 'text'; text: string }
  /** Signed 16-bit little-endian mono PCM at 24 kHz (SPEECH_RATE), whole samples only. */
  | { type: 'audio'; pcm: Buffer }
  /** `stop`, or `length` when the answer hit the output limit and was cut off. */
  | { type: 'finish'; reason: string }
  | { type: 'usage'; usage: Usage };

/**
 * Turns the stream's chunk objects into parts, for one request. It reads only the documented fields
 * and treats anything missing or null as absent, so a chunk of an unexpected shape yields nothing
 * rather than throwing. A chunk that carries an `error` object throws a TranslateError.
 *
 * `delta.content` is the text. The official Python sample falls back to `delta.audio.transcript`
 * when an audio delta has no data, so transcripts are collected too, but they are used only if no
 * `content` ever arrives in the stream (emitted before the finish part, or on `flush`): using both
 * would repeat the translation.
 */
export class ChunkParser {
  private readonly pcm: PcmDecoder;
  private sawContent = false;
  private transcript = '';

  constructor(private readonly context: { apiKey?: string; range?: Span } = {}) {
    // Translated speech runs about as long as its source, a little longer at most.
    const seconds = context.range ? Math.max(0, context.range.end - context.range.start) : 0;
    this.pcm = new PcmDecoder(Math.ceil(seconds * 1.25 * SPEECH_RATE) * 2);
  }

  /** The parts in one chunk, in order: text, audio, then finish; usage last. */
  parse(chunk: unknown): StreamPart[] {
    if (!isObject(chunk)) return [];
    if (isObject(chunk.error)) throw streamErrorFromBody(chunk.error, this.context);
    const parts: StreamPart[] = [];
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of choices) {
      if (!isObject(choice)) continue;
      const delta = isObject(choice.delta) ? choice.delta : {};
      if (typeof delta.content === 'string' && delta.content !== '') {
        this.sawContent = true;
        parts.push({ type: 'text', text: delta.content });
      }
      const audio = isObject(delta.audio) ? delta.audio : undefined;
      if (typeof audio?.data === 'string' && audio.data !== '') {
        const pcm = this.pcm.push(audio.data);
        if (pcm.length > 0) parts.push({ type: 'audio', pcm });
      }
      if (typeof audio?.transcript === 'string') this.transcript += audio.transcript;
      if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') {
        parts.push(...this.flush(), { type: 'finish', reason: choice.finish_reason });
      }
    }
    if (isObject(chunk.usage)) parts.push({ type: 'usage', usage: toUsage(chunk.usage) });
    return parts;
  }

  /** What is still held back at the end of the stream: the last samples, and the transcript fallback. */
  flush(): StreamPart[] {
    const parts: StreamPart[] = [];
    const pcm = this.pcm.flush();
    if (pcm.length > 0) parts.push({ type: 'audio', pcm });
    if (!this.sawContent && this.transcript !== '') parts.push({ type: 'text', text: this.transcript });
    this.transcript = '';
    return parts;
  }
}

/** The API's usage object as a Usage; absent counts are zero. */
export function toUsage(u: Record<string, unknown>): Usage {
  const prompt = isObject(u.prompt_tokens_details) ? u.prompt_tokens_details : {};
  const completion = isObject(u.completion_tokens_details) ? u.completion_tokens_details : {};
  const promptTokens = count(u.prompt_tokens);
  const completionTokens = count(u.completion_tokens);
  return {
    promptTokens,
    completionTokens,
    totalTokens: count(u.total_tokens) || promptTokens + completionTokens,
    inputAudioTokens: count(prompt.audio_tokens),
    inputVideoTokens: count(prompt.video_tokens),
    outputAudioTokens: count(completion.audio_tokens),
    outputTextTokens: count(completion.text_tokens),
  };
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
