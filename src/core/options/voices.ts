import { TranslateError } from '../errors';
import { findLanguage, resolveLanguage } from './languages';

/** A voice the model can speak translations in. */
export interface Voice {
  name: string;
  gender: 'female' | 'male';
  /** What the voice sounds like in any language it speaks. */
  description: string;
  /**
   * How its Chinese sounds, for the voices that speak more than Chinese: told only to someone who
   * wants Chinese speech, since a Mandarin accent says nothing to someone choosing a German voice.
   */
  inChinese?: string;
  /** Language codes it speaks. */
  languages: readonly string[];
}

const multilingual = ['zh', 'en', 'fr', 'de', 'ru', 'it', 'es', 'pt', 'ja', 'ko'] as const;

/** The documented voices. Ethan is listed only by the Qwen Cloud guide. */
export const voices: readonly Voice[] = [
  { name: 'Cherry', gender: 'female', description: 'Bright, friendly young woman', languages: multilingual },
  { name: 'Nofish', gender: 'male', description: 'Relaxed, casual man', inChinese: 'Mandarin without retroflex sounds', languages: multilingual },
  { name: 'Ethan', gender: 'male', description: 'Warm, lively man', inChinese: 'standard Mandarin with a slight northern accent', languages: multilingual },
  { name: 'Jada', gender: 'female', description: 'Brisk Shanghai woman', languages: ['zh'] },
  { name: 'Dylan', gender: 'male', description: 'Young man from a Beijing hutong', languages: ['zh'] },
  { name: 'Sunny', gender: 'female', description: 'Sweet Sichuan girl', languages: ['zh'] },
  { name: 'Peter', gender: 'male', description: 'Tianjin crosstalk style', languages: ['zh'] },
  { name: 'Kiki', gender: 'female', description: 'Sweet Hong Kong girl', languages: ['yue'] },
  { name: 'Eric', gender: 'male', description: 'Offbeat man from Chengdu, Sichuan', languages: ['zh'] },
];

/** The voice's description for speech in `targetCode`: its Chinese accent only when that is what it will speak. */
export function describeVoice(voice: Voice, targetCode: string): string {
  return targetCode === 'zh' && voice.inChinese ? `${voice.description}; ${voice.inChinese}` : voice.description;
}

/** The voices that speak the target language, in the order above. */
export function voicesFor(targetCode: string): Voice[] {
  return voices.filter((v) => v.languages.includes(targetCode));
}

/** The voice to suggest for a target: the first that speaks it. */
export function defaultVoiceFor(targetCode: string): Voice | undefined {
  return voicesFor(targetCode)[0];
}

/**
 * Checks that speech in `voiceName` can be produced for `targetCode` and returns the voice's
 * canonical name. Throws with a message that lists what would work.
 */
export function resolveVoice(voiceName: string, targetCode: string): string {
  const target = resolveLanguage(targetCode);
  if (!target.speech) {
    const spoken = ['en', 'zh', 'ru', 'fr', 'de', 'pt', 'es', 'it', 'ko', 'ja', 'yue']
      .map((c) => findLanguage(c)?.name)
      .join(', ');
    throw new TranslateError(
      'speechNotAvailable',
      `${target.name} translations are text only; speech can be produced for ${spoken}. Leave out speech or pick one of those.`,
    );
  }
  const voice = voices.find((v) => v.name.toLowerCase() === voiceName.trim().toLowerCase());
  const fitting = voicesFor(target.code).map((v) => v.name).join(', ');
  if (!voice) {
    throw new TranslateError('unknownVoice', `Unknown voice "${voiceName}". Voices for ${target.name}: ${fitting}.`);
  }
  if (!voice.languages.includes(target.code)) {
    throw new TranslateError(
      'voiceCannotSpeak',
      `${voice.name} does not speak ${target.name}. Voices for ${target.name}: ${fitting}.`,
    );
  }
  return voice.name;
}
