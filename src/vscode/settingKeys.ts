import type { CustomLimits } from '../core/subtitles/profiles';

/**
 * The names of every `mediaTranslate.*` setting. No `vscode` import, so the manifest test can compare
 * this list with package.json's configuration on plain Node.
 */
export const settingsSection = 'mediaTranslate';

export const settingKeys = [
  'targetLanguage',
  'sourceLanguage',
  'outputAudio',
  'voice',
  'outputFormats',
  'openAfterTranslation',
  'openResultsIn',
  'ifOutputExists',
  'region',
  'baseUrl',
  'model',
  'concurrency',
  'segmentSeconds',
  'maxRetries',
  'stallTimeoutSeconds',
  'requestDeadlineFactor',
  'requestsPerMinute',
  'tokensPerMinute',
  'cacheFinishedPieces',
  'ffmpegPath',
  'ffprobePath',
  'seed',
  'temperature',
  'topP',
  'topK',
  'presencePenalty',
  'repetitionPenalty',
  'maxTokens',
  'subtitleProfile',
  'customSubtitleLimits',
  'subtitleLanguage',
  'checkSubtitles',
  'prices',
  'confirmAboveMinutes',
  'videoContext',
  'dubMaxSpeed',
  'exportMix',
] as const;

/** One of the setting names above, without the section prefix. */
export type SettingKey = (typeof settingKeys)[number];

/**
 * Settings that point the extension at a server or a program. A workspace must never choose them
 * (they could send the key elsewhere or run any binary), so only user or machine values count.
 */
export const machineOnlyKeys: readonly SettingKey[] = ['baseUrl', 'ffmpegPath', 'ffprobePath'];

/** The sampling settings, by the name the engine uses; `null` in settings means "not sent". */
export const samplingKeys = ['seed', 'temperature', 'topP', 'topK', 'presencePenalty', 'repetitionPenalty', 'maxTokens'] as const;

/** The limits `customSubtitleLimits` may set (the `custom` profile's `CustomLimits`), as package.json lists them. */
export const customLimitKeys: readonly (keyof CustomLimits)[] = [
  'maxLineChars',
  'maxLines',
  'minDurationSeconds',
  'maxDurationSeconds',
  'maxCharsPerSecond',
  'minGapSeconds',
];
