/**
 * Every sentence the extension shows to people, and the mapping from an engine failure to one
 * sentence plus next-step buttons. No `vscode` import: this is plain data and text.
 */
import { TranslateError, type NextStep } from '../core/errors';
import * as path from 'node:path';
import { keyPageUrls } from '../core/api/regions';
import type { Region } from '../core/job';
import { describeTrack, type AudioTrack } from '../core/source/audioTrack';

/** A next step offered as a button under a message. */
export type Action = 'setApiKey' | 'retry' | 'openSettings' | 'showLog' | 'howToInstall';

/**
 * Button labels, one per action. "Show Log" opens the Media Translate Log; the command that shows
 * the translated text is "Show Translation Output", so the two are never confused.
 */
export const actionLabels: Readonly<Record<Action, string>> = {
  setApiKey: 'Set API Key',
  retry: 'Retry',
  openSettings: 'Open Settings',
  showLog: 'Show Log',
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
export const keyNotAscii = 'An API key holds only plain ASCII letters, digits and dashes. Paste the key alone.';
export const keyPromptTitle = (region: Region): string => `Media Translate: API Key for ${regionName(region)}`;
export const keyPrompt = (region: Region): string =>
  `Paste your Model Studio API key for the ${regionName(region)} region. It is kept in VS Code's secret storage, not in settings.`;
export const keySaved = (region: Region): string => `The API key for ${regionName(region)} is saved in VS Code's secret storage.`;
export const keyCleared = (region: Region): string => `The API key for ${regionName(region)} was removed.`;
export const confirmClearKey = (region: Region): string =>
  `Remove the API key for ${regionName(region)} from VS Code's secret storage? Translations need a key again afterwards.`;
export const removeKey = 'Remove Key';
export const noKeyStored = (region: Region): string => `No API key is stored for ${regionName(region)}.`;
/** With a custom `mediaTranslate.baseUrl`, the host that said no is named instead of the region. */
export const keyRejected = (region: Region, baseUrl?: string): string => {
  const host = hostOf(baseUrl);
  return host
    ? `The API key was rejected by ${host}. Check the key for ${regionName(region)} or mediaTranslate.baseUrl.`
    : `The API key was rejected by the ${regionName(region)} endpoint. Keys are per region: set the key for ${regionName(region)} or change mediaTranslate.region.`;
};
export const keyMalformed = (region: Region): string =>
  `The API key for ${regionName(region)} holds a line break, a space or characters that are not plain ASCII, so it cannot be sent. Set it again, pasting the key alone.`;
export const noKey = (region: Region): string =>
  `No API key is set for ${regionName(region)}. Create one at ${keyPageUrls[region]}, then run "Media Translate: Set API Key".`;

export const ffmpegMissing = 'ffmpeg was not found. Install it or set mediaTranslate.ffmpegPath to where it is.';
export const seeLog = 'See the Media Translate Log for details.';
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
export const exportDubbedVideo = 'Export Dubbed Video';
export const exportLabel = 'Export Dubbed Video';
export const exporting = (name: string): string => `Exporting ${name}`;
export const exported = (name: string): string => `Wrote ${name}: the picture, the dub and the original sound, and the subtitles.`;
export const exportFailed = (record: string): string => `The dubbed video of ${record} could not be written. ${seeLog}`;
export const noRecordBeside = (name: string): string =>
  `No translation record beside ${name}. Translate it with speech first (the record, <name>.<language>.json, is written by default), then export.`;
export const unexpected = (name: string): string => `Translation of ${name} failed unexpectedly. ${seeLog}`;
/** The code action that applies every safe fix of a subtitle file. */
export const fixAllSafeTitle = 'Fix all safe problems in file';

/** Reasons whose cause is the account, key or tools, not the file: the rest of a batch would fail too. */
const batchStoppers = new Set(['unauthorized', 'forbidden', 'arrears', 'modelNotFound', 'noApiKey', 'badApiKey', 'notTheApi', 'ffmpegMissing', 'cancelled']);

/** Whether the rest of a batch should stop after `e` (see `batchStoppers`). */
export function stopsBatch(e: unknown): boolean {
  return TranslateError.is(e) && batchStoppers.has(e.reason);
}

/** The engine's next steps as VS Code offers them; steps with no meaning here say nothing. */
const nextSteps: Readonly<Record<NextStep, string>> = {
  setApiKey: 'Run "Media Translate: Set API Key".',
  replaceOutputs: 'Move it away, or translate again and choose Overwrite.',
  chooseAudioTrack: 'Translate again to choose another track from the list.',
  chooseOutDir: '',
  separateOutputs: '',
  setFfmpegPath: 'Or set mediaTranslate.ffmpegPath to where it is.',
  askForSpeech: 'Turn on translated speech, or leave wav and mp4 out of mediaTranslate.outputFormats.',
  chooseVideoContext: 'Set mediaTranslate.videoContext to auto or never.',
  videoContextOff: 'Setting mediaTranslate.videoContext to never sends the sound alone.',
};

/** An engine sentence with VS Code's next step after it, when the engine names one. */
export function withNextStep(message: string, next: NextStep | undefined): string {
  const step = next ? nextSteps[next] : '';
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
      return make(ffmpegMissing, ['openSettings', 'howToInstall']);
    case 'proxy':
      return make(said, ['openSettings', 'showLog']);
    case 'forbidden':
    case 'arrears':
    case 'modelNotFound':
      return make(`${said} ${seeLog}`, ['openSettings', 'showLog']);
    case 'rateLimited':
    case 'server':
    case 'network':
    case 'stalled':
    case 'streamError':
    case 'truncated':
      return make(`${said} ${seeLog}`, ['retry', 'showLog']);
    case 'notTheApi':
    case 'answerTooLarge':
    case 'writeFailed':
    case 'decodeFailed':
      return make(`${said} ${seeLog}`, ['showLog']);
    case 'badOption':
    case 'unknownLanguage':
    case 'unknownVoice':
    case 'voiceCannotSpeak':
    case 'speechNotAvailable':
      return make(said, ['openSettings']);
    case 'notMedia':
    case 'noAudio':
      return make(`${said} ${seeLog}`, ['showLog']);
    case 'noSpeech':
      return make(`${said} ${seeLog}`, ['showLog'], 'warning');
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
  return text.includes(ctx.name) ? text : `${ctx.name}: ${text}`;
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

/** The button that sends a long run after its cost was shown. */
export const translateAnyway = 'Translate';
/** Said after an estimate when no prices are set, so the person knows where a cost would come from. */
export const noPricesSet = 'Set mediaTranslate.prices to see a cost as well.';
/** The question before a run longer than `mediaTranslate.confirmAboveMinutes`; `estimate` is one line from costText. */
export const confirmLongRun = (name: string, estimate: string, minutes: number, priced: boolean): string =>
  `${name} is longer than ${minutes} minutes: ${estimate}. Translate it?${priced ? '' : ` ${noPricesSet}`}`;
// The Getting Started walkthrough and its commands.
export const ffmpegFound = (version: string, bin: string): string => `${version} found (${bin}). Media files of every format can be translated.`;
export const ffmpegNotFound = (bin: string): string =>
  `ffmpeg was not found as "${bin}". Install it (${ffmpegInstallCommand()}) or set mediaTranslate.ffmpegPath to where it is; WAV files translate without it.`;
export const setFfmpegPath = 'Set the ffmpeg Path';
export const sampleCopied = (name: string, folder: string): string => `The sample ${name} was copied to ${folder}.`;
export const noResultYet = 'Nothing has been translated yet. Run "Media Translate: Translate the Sample" or Translate Media first.';
export const resultGone = (file: string): string => `The last result, ${file}, is no longer there. Translate the file again to write it.`;

/** The command that installs ffmpeg on this system. */
export function ffmpegInstallCommand(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'brew install ffmpeg';
  if (platform === 'win32') return 'winget install ffmpeg';
  return 'sudo apt install ffmpeg';
}

// The tools for language models (Copilot's agent mode).
export const toolNotInWorkspace = (file: string): string => `${file} is not a file of the open workspace; name a file inside one of its folders.`;
export const toolNotMedia = (file: string): string => `${file} is not an audio or video file Media Translate can read.`;
export const toolNotSubtitles = (file: string): string => `${file} is not a .srt or .vtt subtitle file.`;
export const toolConfirmTitle = 'Translate media with your Model Studio key?';
export const toolConfirmMessage = (file: string, language: string): string =>
  `Translate ${file} into ${language}? This sends its audio to Alibaba Cloud Model Studio and spends tokens of your own account. The subtitles and text are written beside it.`;
export const toolTranslating = (file: string, language: string): string => `Translating ${file} into ${language}`;
export const toolReadingProblems = (file: string): string => `Checking the subtitles of ${file}`;
export const toolNoProblems = (file: string, profile: string): string => `${file} has no problems under the ${profile} profile.`;
export const toolProblemsHeading = (file: string, count: number, profile: string): string =>
  `${file} has ${count} problem${count === 1 ? '' : 's'} under the ${profile} profile (line numbers count from 1):`;
export const toolWrote = (files: string[]): string => `Wrote ${files.join(', ')}.`;
export const toolTranslationText = 'The translated text:';
