import { findLanguage } from '../options/languages';

/** The named sets of subtitle limits (`subtitleProfile`); `custom` starts from netflix and overrides. */
export type ProfileName = 'netflix' | 'bbc' | 'custom';
export const profileNames: readonly ProfileName[] = ['netflix', 'bbc', 'custom'];

/** Limits a user may set for the `custom` profile; what is left out comes from netflix. */
export interface CustomLimits {
  maxLineChars?: number;
  maxLines?: number;
  minDurationSeconds?: number;
  maxDurationSeconds?: number;
  maxCharsPerSecond?: number;
  minGapSeconds?: number;
}

/**
 * The limits one target language gets under one profile (subtitle-standards.md). The engine lays
 * cues out within them and the checks measure any subtitle file against them.
 */
export interface SubtitleRules {
  profile: ProfileName;
  /** The language code the limits were chosen for. */
  language: string;
  maxLineChars: number;
  maxLines: number;
  minDurationSeconds: number;
  maxDurationSeconds: number;
  /** Characters a second a viewer can read (line breaks not counted). */
  maxCharsPerSecond: number;
  /** False where the reading-speed figure is advisory only (Chinese, Japanese, Korean). */
  readingSpeedIsHard: boolean;
  /** The least gap between two cues: two frames at 24 fps. */
  minGapSeconds: number;
  /** A gap this short or shorter is closed to `minGapSeconds` by extending the earlier cue. */
  closeGapSeconds: number;
  /** How long a cue may stay after the speech it translates ends, for reading time. */
  lingerSeconds: number;
}

/** Two frames at 24 fps, the least gap between cues. */
export const twoFramesSeconds = 2 / 24;

/** The rules for a target language under a profile; unknown languages get the Latin-script limits. */
export function subtitleRules(profile: ProfileName, language: string, custom: CustomLimits = {}): SubtitleRules {
  const code = findLanguage(language)?.code ?? language.trim().toLowerCase();
  const base = netflix(code);
  if (profile === 'bbc') return { ...base, ...bbc(code), profile, language: code };
  if (profile === 'custom') return { ...base, ...definedOnly(custom), profile, language: code };
  return { ...base, profile, language: code };
}

function netflix(code: string): Omit<SubtitleRules, 'profile' | 'language'> {
  const cjk = code === 'zh' || code === 'yue' || code === 'ko' || code === 'ja';
  return {
    maxLineChars: code === 'ja' ? 13 : cjk ? 16 : 42,
    maxLines: 2,
    minDurationSeconds: 5 / 6,
    maxDurationSeconds: 7,
    maxCharsPerSecond: code === 'en' ? 20 : code === 'ja' ? 4 : code === 'ko' ? 12 : code === 'zh' || code === 'yue' ? 9 : 17,
    readingSpeedIsHard: !cjk,
    minGapSeconds: twoFramesSeconds,
    closeGapSeconds: 0.5,
    lingerSeconds: 0.5,
  };
}

/** BBC: narrower lines, about a second at least, and 160-180 words a minute (about 17 characters a second in English). */
function bbc(code: string): Partial<SubtitleRules> {
  const cjk = code === 'zh' || code === 'yue' || code === 'ko' || code === 'ja';
  if (cjk) return { minDurationSeconds: 1 };
  return { maxLineChars: 37, minDurationSeconds: 1, maxCharsPerSecond: code === 'en' ? 17 : 15 };
}

function definedOnly(custom: CustomLimits): Partial<SubtitleRules> {
  return Object.fromEntries(Object.entries(custom).filter(([, v]) => typeof v === 'number' && Number.isFinite(v) && v > 0)) as Partial<SubtitleRules>;
}
