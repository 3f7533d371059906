/**
 * Every sentence the extension shows to people, and the mapping from an engine failure to one
 * sentence plus next-step buttons. No `vscode` import, so that unit tests run on plain Node: the
 * sentences go through `@vscode/l10n`, which reads the same bundle as `vscode.l10n.t` once
 * `useDisplayLanguage` has handed it over, and says English until then. Every sentence is a
 * function, so that it is looked up when shown, after activation.
 */
import * as l10n from '@vscode/l10n';
import { TranslateError, type NextStep } from '../core/errors';
import * as path from 'node:path';
import { keyPageUrls } from '../core/api/regions';
import type { Region } from '../core/job';
import { describeTrack, type AudioTrack } from '../core/source/audioTrack';

/** A next step offered as a button under a message. */
export type Action = 'setApiKey' | 'retry' | 'openSettings' | 'showLog' | 'howToInstall';

/**
 * Button labels, one per action, read when shown so that they are in the display language. "Show Log"
 * opens the Media Translate Log; the command that shows the translated text is "Show Translation
 * Output", so the two are never confused.
 */
export const actionLabels: Readonly<Record<Action, string>> = {
  get setApiKey() {
    return l10n.t('Set API Key');
  },
  get retry() {
    return l10n.t('Retry');
  },
  get openSettings() {
    return l10n.t('Open Settings');
  },
  get showLog() {
    return l10n.t('Show Log');
  },
  get howToInstall() {
    return l10n.t('How to Install');
  },
};

/** Where "How to Install" leads. */
export const ffmpegInstallUrl = 'https://ffmpeg.org/download.html';

/** What to show for a failure: how loud, what to say, and which buttons to offer. */
export interface Failure {
  level: 'error' | 'warning' | 'info';
  text: string;
  actions: Action[];
}

/** The region's name as people say it. */
export function regionName(region: Region): string {
  return region === 'beijing' ? l10n.t('Beijing') : l10n.t('Singapore');
}

export const keyEmpty = (): string => l10n.t('Enter the API key.');
export const keyHasSpaces = (): string => l10n.t('An API key has no spaces. Paste the key alone.');
export const keyNotAscii = (): string => l10n.t('An API key holds only plain ASCII letters, digits and dashes. Paste the key alone.');
export const keyPromptTitle = (region: Region): string => l10n.t('Media Translate: API Key for {0}', regionName(region));
export const keyPrompt = (region: Region): string =>
  l10n.t("Paste your Model Studio API key for the {0} region. It is kept in VS Code's secret storage, not in settings.", regionName(region));
export const keySaved = (region: Region): string => l10n.t("The API key for {0} is saved in VS Code's secret storage.", regionName(region));
export const keyCleared = (region: Region): string => l10n.t('The API key for {0} was removed.', regionName(region));
export const confirmClearKey = (region: Region): string =>
  l10n.t("Remove the API key for {0} from VS Code's secret storage? Translations need a key again afterwards.", regionName(region));
export const removeKey = (): string => l10n.t('Remove Key');
export const noKeyStored = (region: Region): string => l10n.t('No API key is stored for {0}.', regionName(region));
/** With a custom `mediaTranslate.baseUrl`, the host that said no is named instead of the region. */
export const keyRejected = (region: Region, baseUrl?: string): string => {
  const host = hostOf(baseUrl);
  return host
    ? l10n.t('The API key was rejected by {0}. Check the key for {1} or mediaTranslate.baseUrl.', host, regionName(region))
    : l10n.t('The API key was rejected by the {0} endpoint. Keys are per region: set the key for {0} or change mediaTranslate.region.', regionName(region));
};
export const keyMalformed = (region: Region): string =>
  l10n.t(
    'The API key for {0} holds a line break, a space or characters that are not plain ASCII, so it cannot be sent. Set it again, pasting the key alone.',
    regionName(region),
  );
export const noKey = (region: Region): string =>
  l10n.t('No API key is set for {0}. Create one at {1}, then run "Media Translate: Set API Key".', regionName(region), keyPageUrls[region]);

export const ffmpegMissing = (): string => l10n.t('ffmpeg was not found. Install it or set mediaTranslate.ffmpegPath to where it is.');
export const ffprobeMissing = (): string => l10n.t('ffprobe was not found. Install it (it comes with ffmpeg) or set mediaTranslate.ffprobePath to where it is.');
export const seeLog = (): string => l10n.t('See the Media Translate Log for details.');
export const noMediaFound = (): string => l10n.t('No media files were found. Choose one with "Browse…".');
export const noMediaInSelection = (): string => l10n.t('The selection holds no media files (.wav, .mp3, .m4a, .mp4, .mov, …).');
export const onlyLocalFiles = (name: string): string => l10n.t('{0} is not on a local or remote disk, so it cannot be translated here.', name);
export const notAnHttpUrl = (): string => l10n.t('Enter an http:// or https:// link to a media file.');
export const nothingRunning = (): string => l10n.t('No translation is running.');
export const cacheCleared = (count: number): string =>
  count === 1
    ? l10n.t('Removed 1 cached piece. The next run translates every piece again.')
    : l10n.t('Removed {0} cached pieces. The next run translates every piece again.', count);
export const outputsExist = (names: string[]): string =>
  names.length === 1 ? l10n.t('{0} already exists.', names[0]) : l10n.t('{0} outputs already exist: {1}.', names.length, names.join(', '));
export const outputsExistDetail = (): string => l10n.t('Overwrite replaces them. Keep Both writes the new files with numbered names.');
export const overwrite = (): string => l10n.t('Overwrite');
export const keepBoth = (): string => l10n.t('Keep Both');
export const translating = (name: string): string => l10n.t('Translating {0}', name);
export const cancelled = (name: string, cached: boolean): string =>
  cached
    ? l10n.t('Translation of {0} cancelled. Finished pieces are kept; running again resumes.', name)
    : l10n.t('Translation of {0} cancelled.', name);
export const finished = (name: string, fileNames: string[]): string =>
  fileNames.length === 0 ? l10n.t('Translated {0}.', name) : l10n.t('Translated {0}: wrote {1}.', name, fileNames.join(', '));
/** The finished message with the run's first warning, which would otherwise be only in the output. */
export const finishedWithWarnings = (name: string, fileNames: string[], warnings: string[]): string =>
  warnings.length > 1
    ? l10n.t('{0} Warning: {1} ({2} more in the Media Translate output.)', finished(name, fileNames), warnings[0], warnings.length - 1)
    : l10n.t('{0} Warning: {1}', finished(name, fileNames), warnings[0]);
export const revealInExplorer = (): string => l10n.t('Reveal in Explorer');
export const unexpected = (name: string): string => l10n.t('Translation of {0} failed unexpectedly. See the Media Translate Log for details.', name);
export const exportDubbedVideo = (): string => l10n.t('Export Dubbed Video');
export const exporting = (name: string): string => l10n.t('Exporting {0}', name);
export const exported = (name: string): string => l10n.t('Wrote {0}: the picture, the dub and the original sound, and the subtitles.', name);
export const exportFailed = (record: string): string => l10n.t('The dubbed video of {0} could not be written. See the Media Translate Log for details.', record);
export const noRecordBeside = (name: string): string =>
  l10n.t('No translation record beside {0}. Translate it with speech first (the record, <name>.<language>.json, is written by default), then export.', name);
/** The code action that applies every safe fix of a subtitle file. */
export const fixAllSafeTitle = (): string => l10n.t('Fix all safe problems in file');

/** Reasons whose cause is the account, key or tools, not the file: the rest of a batch would fail too. */
const batchStoppers = new Set(['unauthorized', 'forbidden', 'arrears', 'modelNotFound', 'noApiKey', 'badApiKey', 'notTheApi', 'ffmpegMissing', 'cancelled']);

/** Whether the rest of a batch should stop after `e` (see `batchStoppers`). */
export function stopsBatch(e: unknown): boolean {
  return TranslateError.is(e) && batchStoppers.has(e.reason);
}

/** The engine's next steps as VS Code offers them; steps with no meaning here say nothing. */
function nextStep(next: NextStep): string {
  switch (next) {
    case 'setApiKey':
      return l10n.t('Run "Media Translate: Set API Key".');
    case 'replaceOutputs':
      return l10n.t('Move it away, or translate again and choose Overwrite.');
    case 'chooseAudioTrack':
      return l10n.t('Translate again to choose another track from the list.');
    case 'setFfmpegPath':
      return l10n.t('Or set mediaTranslate.ffmpegPath to where it is.');
    case 'setFfprobePath':
      return l10n.t('Or set mediaTranslate.ffprobePath to where it is.');
    case 'askForSpeech':
      return l10n.t('Turn on translated speech, or leave wav and mp4 out of mediaTranslate.outputFormats.');
    case 'chooseVideoContext':
      return l10n.t('Set mediaTranslate.videoContext to auto or never.');
    case 'videoContextOff':
      return l10n.t('Setting mediaTranslate.videoContext to never sends the sound alone.');
    case 'chooseOutDir':
    case 'separateOutputs':
    case 'checkCacheDir':
      return '';
  }
}

/** An engine sentence with VS Code's next step after it, when the engine names one. */
export function withNextStep(message: string, next: NextStep | undefined): string {
  const step = next ? nextStep(next) : '';
  return step ? `${message} ${step}` : message;
}

/** What `describeFailure` needs to know about the run. */
export interface FailureContext {
  /** The source's file name, as the person knows it. */
  name: string;
  /** The source's absolute path, shortened to `name` wherever the engine's sentence has it. */
  file?: string;
  region: Region;
  cached: boolean;
  baseUrl?: string;
  /** Whether the same run can be started again from the message (a Retry button). */
  canRetry?: boolean;
}

/**
 * Maps anything a run threw to what people see. The sentence starts with the reason and the
 * file's name, never a long path, so that the collapsed notification still says what happened;
 * the key never appears because the engine never puts it in a message.
 */
export function describeFailure(e: unknown, ctx: FailureContext): Failure {
  if (!TranslateError.is(e)) return { level: 'error', text: unexpected(ctx.name), actions: ['showLog'] };
  const make = (text: string, actions: Action[], level: Failure['level'] = 'error'): Failure => ({
    level,
    text: withName(text, ctx),
    actions: actions.filter((a) => a !== 'retry' || ctx.canRetry === true),
  });
  const said = shortenPaths(withNextStep(e.message, e.next), ctx);
  switch (e.reason) {
    case 'cancelled':
      return make(cancelled(ctx.name, ctx.cached), [], 'info');
    case 'unauthorized':
      return make(keyRejected(ctx.region, ctx.baseUrl), ['setApiKey', 'retry', 'openSettings']);
    case 'noApiKey':
      return make(noKey(ctx.region), ['setApiKey']);
    case 'badApiKey':
      return make(keyMalformed(ctx.region), ['setApiKey']);
    case 'ffmpegMissing':
      return make(e.next === 'setFfprobePath' ? ffprobeMissing() : ffmpegMissing(), ['openSettings', 'howToInstall']);
    case 'proxy':
      return make(said, ['openSettings', 'showLog']);
    case 'forbidden':
    case 'arrears':
    case 'modelNotFound':
      return make(`${said} ${seeLog()}`, ['openSettings', 'showLog']);
    case 'rateLimited':
    case 'server':
    case 'network':
    case 'stalled':
    case 'streamError':
    case 'truncated':
      return make(`${said} ${seeLog()}`, ['retry', 'showLog']);
    case 'notTheApi':
    case 'answerTooLarge':
    case 'writeFailed':
    case 'decodeFailed':
      return make(`${said} ${seeLog()}`, ['showLog']);
    case 'badOption':
    case 'unknownLanguage':
    case 'unknownVoice':
    case 'voiceCannotSpeak':
    case 'speechNotAvailable':
      return make(said, ['openSettings']);
    case 'notMedia':
    case 'noAudio':
      return make(`${said} ${seeLog()}`, ['showLog']);
    case 'noSpeech':
      return make(`${said} ${seeLog()}`, ['showLog'], 'warning');
    default:
      return make(said, []);
  }
}

/** The engine's sentence with the source's path, and its folder, shortened to plain names. */
function shortenPaths(message: string, ctx: FailureContext): string {
  if (!ctx.file) return message;
  const folder = path.dirname(ctx.file) + path.sep;
  return message.split(ctx.file).join(ctx.name).split(folder).join('');
}

/** A sentence that does not name the file gets it in front, so every message says which file it is about. */
function withName(text: string, ctx: FailureContext): string {
  return text.includes(ctx.name) ? text : l10n.t('{0}: {1}', ctx.name, text);
}
export const trackPickTitle = (name: string): string => l10n.t('Translate Media: audio track of {0}', name);
export const trackPickPrompt = (count: number): string => l10n.t('The file has {0} audio tracks. Which one should be translated?', count);
/** A track's line in the pick: its number and its title or language. */
export const trackLabel = (t: AudioTrack): string => l10n.t('Track {0}: {1}', t.index, t.title ?? t.language ?? l10n.t('untitled'));
/** The rest of what is known about the track, marking the one used when nothing is picked. */
export const trackDescription = (t: AudioTrack, usual: boolean): string =>
  [describeTrack(t), usual ? (t.isDefault ? l10n.t('default') : l10n.t('has sound')) : ''].filter(Boolean).join(' · ');
export const urlNeedsFolder = (): string => l10n.t('Open a folder, or pass { folder } with the options, so the translation has a place to be saved.');

/** The host of a base URL, or undefined when there is none or it does not parse. */
function hostOf(baseUrl: string | undefined): string | undefined {
  if (!baseUrl) return undefined;
  try {
    return new URL(baseUrl).host || undefined;
  } catch {
    return undefined;
  }
}

/** The button that sends a long run after its cost was shown. */
export const translateAnyway = (): string => l10n.t('Translate');
/** Said after an estimate when no prices are set, so the person knows where a cost would come from. */
export const noPricesSet = (): string => l10n.t('Set mediaTranslate.prices to see a cost as well.');
/** The question before a run longer than `mediaTranslate.confirmAboveMinutes`; `estimate` is one line from costText. */
export const confirmLongRun = (name: string, estimate: string, minutes: number, priced: boolean): string =>
  priced
    ? l10n.t('{0} is longer than {1} minutes: {2}. Translate it?', name, minutes, estimate)
    : l10n.t('{0} is longer than {1} minutes: {2}. Translate it? Set mediaTranslate.prices to see a cost as well.', name, minutes, estimate);
// The Getting Started walkthrough and its commands.
export const ffmpegFound = (version: string, bin: string): string => l10n.t('{0} found ({1}). Media files of every format can be translated.', version, bin);
export const ffmpegNotFound = (bin: string): string =>
  l10n.t('ffmpeg was not found as "{0}". Install it ({1}) or set mediaTranslate.ffmpegPath to where it is; WAV files translate without it.', bin, ffmpegInstallCommand());
export const setFfmpegPath = (): string => l10n.t('Set the ffmpeg Path');
export const sampleCopied = (name: string, folder: string): string => l10n.t('The sample {0} was copied to {1}.', name, folder);
export const noResultYet = (): string => l10n.t('Nothing has been translated yet. Run "Media Translate: Translate the Sample" or Translate Media first.');
export const resultGone = (file: string): string => l10n.t('The last result, {0}, is no longer there. Translate the file again to write it.', file);

/** The command that installs ffmpeg on this system. */
export function ffmpegInstallCommand(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'brew install ffmpeg';
  if (platform === 'win32') return 'winget install ffmpeg';
  return 'sudo apt install ffmpeg';
}

// The tools for language models (Copilot's agent mode).
export const toolNotInWorkspace = (file: string): string => l10n.t('{0} is not a file of the open workspace; name a file inside one of its folders.', file);
export const toolNotMedia = (file: string): string => l10n.t('{0} is not an audio or video file Media Translate can read.', file);
export const toolNotSubtitles = (file: string): string => l10n.t('{0} is not a .srt or .vtt subtitle file.', file);
export const toolConfirmTitle = (): string => l10n.t('Translate media with your Model Studio key?');
export const toolConfirmMessage = (file: string, language: string): string =>
  l10n.t('Translate {0} into {1}? This sends its audio to Alibaba Cloud Model Studio and spends tokens of your own account. The subtitles and text are written beside it.', file, language);
export const toolTranslating = (file: string, language: string): string => l10n.t('Translating {0} into {1}', file, language);
export const toolReadingProblems = (file: string): string => l10n.t('Checking the subtitles of {0}', file);
export const toolNoProblems = (file: string, profile: string): string => l10n.t('{0} has no problems under the {1} profile.', file, profile);
export const toolProblemsHeading = (file: string, count: number, profile: string): string =>
  count === 1
    ? l10n.t('{0} has 1 problem under the {1} profile (line numbers count from 1):', file, profile)
    : l10n.t('{0} has {1} problems under the {2} profile (line numbers count from 1):', file, count, profile);
export const toolWrote = (files: string[]): string => l10n.t('Wrote {0}.', files.join(', '));
export const toolTranslationText = (): string => l10n.t('The translated text:');
