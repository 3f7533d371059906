/**
 * Every sentence the extension shows to people, and the mapping from an engine failure to one
 * sentence plus next-step buttons. No `vscode` import: this is plain data and text.
 */
import { TranslateError } from '../core/errors';
import type { Region } from '../core/job';
import { describeTrack, type AudioTrack } from '../core/source/audioTrack';

/** A next step offered as a button under a message. */
export type Action = 'setApiKey' | 'openSettings' | 'showOutput' | 'howToInstall';

/** Button labels, one per action. */
export const actionLabels: Readonly<Record<Action, string>> = {
  setApiKey: 'Set API Key',
  openSettings: 'Open Settings',
  showOutput: 'Show Output',
  howToInstall: 'How to Install',
};

/** Where "How to Install" leads. */
export const ffmpegInstallUrl = 'https://ffmpeg.org/download.html';

/** What to show for a failure: how loud, what to say, and which buttons to offer. */
export interface Failure {
  level: 'error' | 'warning' | 'info';
  text: string;
  actions: Action[];
}

const regionNames: Readonly<Record<Region, string>> = { singapore: 'Singapore', beijing: 'Beijing' };

/** The region's name as people say it. */
export function regionName(region: Region): string {
  return regionNames[region];
}

export const keyEmpty = 'Enter the API key.';
export const keyHasSpaces = 'An API key has no spaces. Paste the key alone.';
export const keyPromptTitle = (region: Region): string => `Media Translate: API Key for ${regionName(region)}`;
export const keyPrompt = (region: Region): string =>
  `Paste your Model Studio API key for the ${regionName(region)} region. It is kept in VS Code's secret storage, not in settings.`;
export const keySaved = (region: Region): string => `The API key for ${regionName(region)} is saved in VS Code's secret storage.`;
export const keyCleared = (region: Region): string => `The API key for ${regionName(region)} was removed.`;
export const noKeyStored = (region: Region): string => `No API key is stored for ${regionName(region)}.`;
/** With a custom `mediaTranslate.baseUrl`, the host that said no is named instead of the region. */
export const keyRejected = (region: Region, baseUrl?: string): string => {
  const host = hostOf(baseUrl);
  return host
    ? `The API key was rejected by ${host}. Check the key for ${regionName(region)} or mediaTranslate.baseUrl.`
    : `The API key was rejected by the ${regionName(region)} endpoint. Keys are per region: set the key for ${regionName(region)} or change mediaTranslate.region.`;
};
export const noKey = (region: Region): string =>
  `No API key is set for ${regionName(region)}. Run "Media Translate: Set API Key" to add one.`;

export const ffmpegMissing = 'ffmpeg was not found. Install it or set mediaTranslate.ffmpegPath to where it is.';
export const seeOutput = 'See the output for details.';
export const noMediaFound = 'No media files were found. Choose one with "Browse…".';
export const noMediaInSelection = 'The selection holds no media files (.wav, .mp3, .m4a, .mp4, .mov, …).';
export const onlyLocalFiles = (name: string): string => `${name} is not on a local or remote disk, so it cannot be translated here.`;
export const notAnHttpUrl = 'Enter an http:// or https:// link to a media file.';
export const nothingRunning = 'No translation is running.';
export const cacheCleared = (count: number): string =>
  `Removed ${count} cached piece${count === 1 ? '' : 's'}. The next run translates every piece again.`;
export const outputsExist = (names: string[]): string =>
  names.length === 1 ? `${names[0]} already exists.` : `${names.length} outputs already exist: ${names.join(', ')}.`;
export const outputsExistDetail = 'Overwrite replaces them. Keep Both writes the new files with numbered names.';
export const overwrite = 'Overwrite';
export const keepBoth = 'Keep Both';
export const translating = (name: string): string => `Translating ${name}`;
export const cancelled = (name: string, cached: boolean): string =>
  cached
    ? `Translation of ${name} cancelled. Finished pieces are kept; running again resumes.`
    : `Translation of ${name} cancelled.`;
export const finished = (name: string, fileNames: string[]): string =>
  fileNames.length === 0 ? `Translated ${name}.` : `Translated ${name}: wrote ${fileNames.join(', ')}.`;
/** The finished message with the run's first warning, which would otherwise be only in the output. */
export const finishedWithWarnings = (name: string, fileNames: string[], warnings: string[]): string =>
  `${finished(name, fileNames)} Warning: ${warnings[0]}` +
  (warnings.length > 1 ? ` (${warnings.length - 1} more in the Media Translate output.)` : '');
export const revealInExplorer = 'Reveal in Explorer';
export const unexpected = (name: string): string => `Translation of ${name} failed unexpectedly. ${seeOutput}`;

/** Reasons whose cause is the account, key or tools, not the file: the rest of a batch would fail too. */
const batchStoppers = new Set(['unauthorized', 'forbidden', 'arrears', 'modelNotFound', 'noApiKey', 'ffmpegMissing', 'cancelled']);

/** Whether the rest of a batch should stop after `e` (see `batchStoppers`). */
export function stopsBatch(e: unknown): boolean {
  return TranslateError.is(e) && batchStoppers.has(e.reason);
}

/**
 * Maps anything a run threw to what people see. The engine's own sentence is used where it names
 * the file or piece; the key never appears because the engine never puts it in a message.
 */
export function describeFailure(e: unknown, ctx: { name: string; region: Region; cached: boolean; baseUrl?: string }): Failure {
  if (!TranslateError.is(e)) return { level: 'error', text: unexpected(ctx.name), actions: ['showOutput'] };
  const make = (text: string, actions: Action[], level: Failure['level'] = 'error'): Failure => ({ level, text, actions });
  switch (e.reason) {
    case 'cancelled':
      return make(cancelled(ctx.name, ctx.cached), [], 'info');
    case 'unauthorized':
      return make(keyRejected(ctx.region, ctx.baseUrl), ['setApiKey', 'openSettings']);
    case 'noApiKey':
      return make(noKey(ctx.region), ['setApiKey']);
    case 'ffmpegMissing':
      return make(ffmpegMissing, ['openSettings', 'howToInstall']);
    case 'forbidden':
    case 'arrears':
    case 'modelNotFound':
      return make(`${e.message} ${seeOutput}`, ['openSettings', 'showOutput']);
    case 'rateLimited':
    case 'server':
    case 'network':
    case 'stalled':
    case 'streamError':
    case 'truncated':
    case 'writeFailed':
    case 'decodeFailed':
      return make(`${e.message} ${seeOutput}`, ['showOutput']);
    case 'badOption':
    case 'unknownLanguage':
    case 'unknownVoice':
    case 'voiceCannotSpeak':
    case 'speechNotAvailable':
      return make(e.message, ['openSettings']);
    case 'noSpeech':
      return make(e.message, [], 'warning');
    default:
      return make(e.message, []);
  }
}
export const trackPickTitle = (name: string): string => `Translate Media: audio track of ${name}`;
export const trackPickPrompt = (count: number): string => `The file has ${count} audio tracks. Which one should be translated?`;
/** A track's line in the pick: its number and its title or language. */
export const trackLabel = (t: AudioTrack): string => `Track ${t.index}: ${t.title ?? t.language ?? 'untitled'}`;
/** The rest of what is known about the track, marking the one used when nothing is picked. */
export const trackDescription = (t: AudioTrack, usual: boolean): string =>
  [describeTrack(t), usual ? (t.isDefault ? 'default' : 'has sound') : ''].filter(Boolean).join(' · ');
export const urlNeedsFolder = 'Open a folder, or pass { folder } with the options, so the translation has a place to be saved.';

/** The host of a base URL, or undefined when there is none or it does not parse. */
function hostOf(baseUrl: string | undefined): string | undefined {
  if (!baseUrl) return undefined;
  try {
    return new URL(baseUrl).host || undefined;
  } catch {
    return undefined;
  }
}
