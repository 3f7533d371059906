import { speechFor, speechRate, type SpeechVariant } from './fakeApiAudio';
import type { ValidRequest } from './fakeApiValidate';

/** Targets written in CJK characters: fewer characters per second, '。' at the end of sentences. */
export const cjkTargets = ['zh', 'ja', 'ko', 'yue'];
/** Characters of answer per second of stretch. */
export const charsPerSecond = { latin: 14, cjk: 5 };

/** One thing to stream, placed at a time in the input so text and speech interleave like the real API. */
export interface AnswerEvent {
  at: number;
  text?: string;
  pcm?: Buffer;
}

/** The usage object exactly as the API documents it. */
export interface UsageBody {
  completion_tokens: number;
  prompt_tokens: number;
  total_tokens: number;
  completion_tokens_details: {
    accepted_prediction_tokens: null;
    audio_tokens: number;
    reasoning_tokens: null;
    rejected_prediction_tokens: null;
    text_tokens: number;
  };
  prompt_tokens_details: { audio_tokens: number; cached_tokens: null; text_tokens: 0; video_tokens?: number };
}

/** Everything one answer streams, decided before the first byte is sent. */
export interface AnswerPlan {
  events: AnswerEvent[];
  finishReason: 'stop' | 'length';
  usage: UsageBody;
  /** All the text streamed, and all the speech, for recording. */
  text: string;
  audioBytes: number;
  seconds: number;
}

/**
 * The answer to a valid request: one sentence per stretch of sound (see `sentenceFor`), streamed in
 * deltas of a few words, plus a tone per stretch when speech was asked for. When the answer would
 * cost more than the output limit (or `cutAt` asks for it, for the 'length' fault), it stops
 * part-way with finish_reason 'length', as the real API truncates.
 */
export function planAnswer(
  req: ValidRequest,
  o: { maxOutputTokens: number; cutAt?: number; sentenceChars?: number; charsPerSecond?: (stretch: number) => number; speech?: SpeechVariant },
): AnswerPlan {
  const cjk = cjkTargets.includes(req.target);
  const events: AnswerEvent[] = [];
  let first = true;
  req.stretches.forEach((s, k) => {
    // A fixed length makes sentences that are not proportional to their speech, as real translations are.
    const rate = cjk ? charsPerSecond.cjk : charsPerSecond.latin;
    const fast = o.charsPerSecond ? o.charsPerSecond(k + 1) / rate : 1;
    const seconds = o.sentenceChars === undefined ? (s.end - s.start) * fast : o.sentenceChars / rate;
    const pieces = splitDeltas(sentenceFor(k + 1, seconds, req.target), cjk);
    pieces.forEach((piece, j) => {
      const separator = first || cjk || j > 0 ? '' : ' ';
      events.push({ at: s.start + ((s.end - s.start) * j) / pieces.length, text: `${separator}${piece}` });
      first = false;
    });
  });
  if (req.voice) events.push(...audioEvents(speechFor(req.seconds, req.stretches, o.speech)));
  // Stable sort: text before speech at the same moment.
  events.sort((a, b) => a.at - b.at);

  const full = cost(events);
  const limit = Math.min(o.maxOutputTokens, req.maxTokens ?? Infinity);
  let cut = o.cutAt === undefined ? undefined : Math.max(o.cutAt * req.seconds, (events.find((e) => e.text)?.at ?? 0) + 1e-6);
  if (full.text + full.audio > limit) cut = Math.min(cut ?? Infinity, (req.seconds * limit) / (full.text + full.audio));
  const kept = cut === undefined ? events : cutEvents(events, cut);
  const spent = cost(kept);
  const textTokens = Math.min(spent.text, limit);
  const audioTokens = Math.min(spent.audio, limit - textTokens);
  const promptAudio = Math.ceil(Math.max(1, req.seconds) * 12.5);
  // A URL the fake cannot fetch keeps a fixed price; a clip it opened is priced by the documented formula.
  const promptVideo = req.kind === 'video' ? (req.video?.tokens ?? 1024) : 0;
  const prompt = promptAudio + promptVideo;
  return {
    events: kept,
    finishReason: cut === undefined ? 'stop' : 'length',
    usage: {
      completion_tokens: textTokens + audioTokens,
      prompt_tokens: prompt,
      total_tokens: prompt + textTokens + audioTokens,
      completion_tokens_details: { accepted_prediction_tokens: null, audio_tokens: audioTokens, reasoning_tokens: null, rejected_prediction_tokens: null, text_tokens: textTokens },
      prompt_tokens_details: { audio_tokens: promptAudio, cached_tokens: null, text_tokens: 0, ...(req.kind === 'video' ? { video_tokens: promptVideo } : {}) },
    },
    text: kept.map((e) => e.text ?? '').join(''),
    audioBytes: kept.reduce((n, e) => n + (e.pcm?.length ?? 0), 0),
    seconds: req.seconds,
  };
}

/**
 * The fake's translation of stretch `n` (from 1) lasting `seconds`: one sentence of about 14
 * characters per second (5 for CJK targets) that names its stretch, e.g. "Stretch two says hello to
 * everyone in the room." or "第2段你好世界今天天气很好。".
 */
export function sentenceFor(n: number, seconds: number, target: string): string {
  const cjk = cjkTargets.includes(target);
  const wanted = Math.round(seconds * (cjk ? charsPerSecond.cjk : charsPerSecond.latin));
  if (cjk) {
    const filler = '你好世界今天天气很好我们一起翻译字幕';
    let s = `第${n}段`;
    for (let i = 0; s.length < wanted - 1 || i === 0; i++) s += filler[i % filler.length];
    return `${s}。`;
  }
  const filler = ['hello', 'to', 'everyone', 'in', 'the', 'room', 'and', 'talks', 'about', 'the', 'weather', 'for', 'a', 'while'];
  let s = `Stretch ${numberWord(n)} says`;
  for (let i = 0; s.length + 1 + filler[i % filler.length].length + 1 <= wanted || i === 0; i++) s += ` ${filler[i % filler.length]}`;
  return `${s}.`;
}

/** "one" … "twenty", then digits: how Latin sentences name their stretch. */
export function numberWord(n: number): string {
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
  const teens = ['thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
  if (n < words.length) return words[n];
  if (n <= 20) return teens[n - 13];
  return String(n);
}

/** Deltas of 2–4 words (3–6 characters for CJK), in a fixed pattern so runs are repeatable. */
function splitDeltas(sentence: string, cjk: boolean): string[] {
  const units = cjk ? [...sentence] : sentence.split(' ');
  const sizes = cjk ? [4, 3, 5, 6] : [3, 2, 4];
  const out: string[] = [];
  for (let at = 0, i = 0; at < units.length; i++) {
    const size = sizes[i % sizes.length];
    out.push(units.slice(at, at + size).join(cjk ? '' : ' ') + (cjk || at + size >= units.length ? '' : ' '));
    at += size;
  }
  return out;
}

/** Speech in chunks of varying whole-sample sizes, several of them with a byte count not divisible by 3, so base64 pads. */
function audioEvents(pcm: Buffer): AnswerEvent[] {
  const sizes = [2401, 3907, 5003, 1999, 4441];
  const events: AnswerEvent[] = [];
  for (let at = 0, i = 0; at < pcm.length; i++) {
    const bytes = sizes[i % sizes.length] * 2;
    events.push({ at: at / 2 / speechRate, pcm: pcm.subarray(at, at + bytes) });
    at += bytes;
  }
  return events;
}

/** Keeps what comes before `seconds`, cutting the speech chunk that straddles it at a whole sample. */
function cutEvents(events: AnswerEvent[], seconds: number): AnswerEvent[] {
  const kept: AnswerEvent[] = [];
  for (const e of events) {
    if (e.at >= seconds) continue;
    if (!e.pcm) {
      kept.push(e);
      continue;
    }
    const room = Math.floor((seconds - e.at) * speechRate) * 2;
    if (room > 0) kept.push({ at: e.at, pcm: e.pcm.subarray(0, room) });
  }
  return kept;
}

/** Output tokens: a text token per 4 characters, 12.5 audio tokens per second of speech. */
function cost(events: AnswerEvent[]): { text: number; audio: number } {
  const chars = events.reduce((n, e) => n + [...(e.text ?? '')].length, 0);
  const samples = events.reduce((n, e) => n + (e.pcm?.length ?? 0) / 2, 0);
  return { text: Math.ceil(chars / 4), audio: Math.ceil((samples / speechRate) * 12.5) };
}
