import * as vscode from 'vscode';
import type { ProxyOptions } from '../core/api/proxy';
import { defaultModel, defaults, exportMixes, ffprobeBeside, maxConcurrency, outputFormats, videoContexts, type Concurrency, type ExportMix, type OutputFormat, type Region, type SamplingOptions, type VideoContext } from '../core/job';
import { readPrices, type Prices } from '../core/run/prices';
import { profileNames, type CustomLimits, type ProfileName } from '../core/subtitles/profiles';
import { customLimitKeys, machineOnlyKeys, samplingKeys, settingsSection, type SettingKey } from './settingKeys';

/** What VS Code writes unless told otherwise: the CLI's defaults plus the record, which the editor's features read. */
const extensionFormats: readonly OutputFormat[] = [...defaults.formats, 'json'];

/** What to open in an editor when a translation finishes. */
export type OpenAfter = 'srt' | 'txt' | 'none';

/** Which editor group results open in. */
export type OpenIn = 'active' | 'beside';

/** What to do when a run's outputs already exist. */
export type IfOutputExists = 'ask' | 'overwrite' | 'keepBoth';

/** Every `mediaTranslate.*` setting, typed and with defaults applied. */
export interface Settings {
  targetLanguage: string;
  /** A language code, or 'auto' for auto-detection. */
  sourceLanguage: string;
  outputAudio: boolean;
  voice: string;
  outputFormats: OutputFormat[];
  openAfterTranslation: OpenAfter;
  /** Where results open: the active editor group, or the one beside it. */
  openResultsIn: OpenIn;
  ifOutputExists: IfOutputExists;
  region: Region;
  /** Overrides the region's endpoint; only ever a user or machine value. */
  baseUrl: string | undefined;
  model: string;
  concurrency: Concurrency;
  segmentSeconds: number;
  maxRetries: number;
  stallTimeoutSeconds: number;
  requestDeadlineFactor: number;
  requestsPerMinute: number;
  tokensPerMinute: number;
  cacheFinishedPieces: boolean;
  /** Program paths; only ever user or machine values. */
  ffmpegPath: string;
  ffprobePath: string;
  sampling: SamplingOptions;
  /** The limits subtitles are held to. */
  subtitleProfile: ProfileName;
  /** The `custom` profile's own limits; only positive numbers are kept. */
  customSubtitleLimits: CustomLimits;
  /** The language whose limits the checks use; '' takes it from the file name. */
  subtitleLanguage: string;
  /** Whether open `.srt` and `.vtt` files are checked. */
  checkSubtitles: boolean;
  /** The person's prices for the chosen region; undefined when none are set. */
  prices: Prices | undefined;
  /** Runs of media longer than this ask first; 0 never asks. */
  confirmAboveMinutes: number;
  videoContext: VideoContext;
  dubMaxSpeed: number;
  exportMix: ExportMix;
  /** VS Code's `http.proxy`, when set; undefined leaves the choice to HTTPS_PROXY and NO_PROXY. */
  proxy: ProxyOptions | undefined;
}

/**
 * Reads the settings fresh for one run, for the folder of `scope` when given.
 *
 * `baseUrl`, `ffmpegPath` and `ffprobePath` are read from the user (or remote machine) value only,
 * never from a workspace or folder: a cloned repository must not be able to send the key to its own
 * server or make the extension run a program of its choosing. This holds whether or not the
 * workspace is trusted; in an untrusted one VS Code also hides those values itself.
 */
export function readSettings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(settingsSection, scope);
  const get = <T>(key: SettingKey, fallback: T): T => {
    if (machineOnlyKeys.includes(key)) return userValue(config, key, fallback);
    return config.get<T>(key, fallback) ?? fallback;
  };
  const ffmpegPath = get('ffmpegPath', '').trim() || 'ffmpeg';
  const ffprobePath = get('ffprobePath', '').trim() || ffprobeBeside(ffmpegPath);
  const region = get<string>('region', 'singapore') === 'beijing' ? 'beijing' : 'singapore';
  const formats = get<string[]>('outputFormats', [...extensionFormats]).filter((f): f is OutputFormat =>
    (outputFormats as readonly string[]).includes(f),
  );
  return {
    targetLanguage: get('targetLanguage', 'en'),
    sourceLanguage: get('sourceLanguage', 'auto'),
    outputAudio: get('outputAudio', false),
    voice: get('voice', 'Cherry'),
    outputFormats: formats.length > 0 ? [...new Set(formats)] : [...extensionFormats],
    openAfterTranslation: oneOf(get('openAfterTranslation', 'srt'), ['srt', 'txt', 'none'] as const, 'srt'),
    openResultsIn: oneOf(get('openResultsIn', 'active'), ['active', 'beside'] as const, 'active'),
    ifOutputExists: oneOf(get('ifOutputExists', 'ask'), ['ask', 'overwrite', 'keepBoth'] as const, 'ask'),
    region,
    baseUrl: get('baseUrl', '').trim() || undefined,
    model: get('model', defaultModel).trim() || defaultModel,
    concurrency: concurrencySetting(get<unknown>('concurrency', defaults.concurrency)),
    segmentSeconds: get('segmentSeconds', defaults.segmentSeconds),
    maxRetries: get('maxRetries', defaults.maxRetries),
    stallTimeoutSeconds: get('stallTimeoutSeconds', defaults.stallSeconds),
    requestDeadlineFactor: get('requestDeadlineFactor', defaults.deadlineFactor),
    requestsPerMinute: get('requestsPerMinute', defaults.requestsPerMinute),
    tokensPerMinute: get('tokensPerMinute', defaults.tokensPerMinute),
    cacheFinishedPieces: get('cacheFinishedPieces', true),
    ffmpegPath,
    ffprobePath,
    sampling: readSampling((key) => config.get<number | null>(key, null)),
    subtitleProfile: oneOf(get('subtitleProfile', 'netflix'), profileNames, 'netflix'),
    customSubtitleLimits: readLimits(get<unknown>('customSubtitleLimits', {})),
    subtitleLanguage: get('subtitleLanguage', '').trim(),
    checkSubtitles: get('checkSubtitles', true),
    prices: readPrices(get<Record<string, unknown>>('prices', {})?.[region]),
    confirmAboveMinutes: Math.max(0, Number(get('confirmAboveMinutes', 30)) || 0),
    videoContext: oneOf(get('videoContext', 'auto'), videoContexts, 'auto'),
    dubMaxSpeed: get('dubMaxSpeed', defaults.dubMaxSpeed),
    exportMix: oneOf(get('exportMix', 'ducked'), exportMixes, 'ducked'),
    proxy: readProxy(),
  };
}

/**
 * VS Code's own proxy settings, for our transport. VS Code patches Node's agents so that other
 * extensions follow `http.proxy`, but requests that bring their own agent, as ours do for keep-alive,
 * are left alone, so the setting is passed on explicitly. `http.proxySupport: off` means no proxy
 * from VS Code, and an empty `http.proxy` leaves the environment's HTTPS_PROXY and NO_PROXY in charge.
 */
function readProxy(): ProxyOptions | undefined {
  const http = vscode.workspace.getConfiguration('http');
  if (http.get<string>('proxySupport', 'override') === 'off') return undefined;
  const url = http.get<string>('proxy', '').trim();
  if (!url) return undefined;
  const noProxy = http.get<unknown>('noProxy', []);
  return { url, noProxy: Array.isArray(noProxy) ? noProxy.filter((e): e is string => typeof e === 'string') : [] };
}

/** The region a command was given, or the configured one when it was given none (or nonsense). */
export function regionOrSetting(region: unknown): Region {
  return region === 'beijing' || region === 'singapore' ? region : readSettings().region;
}

/** The user-level value of a machine-only key, or its default; workspace values are never used. */
function userValue<T>(config: vscode.WorkspaceConfiguration, key: SettingKey, fallback: T): T {
  const seen = config.inspect<T>(key);
  return seen?.globalValue ?? seen?.defaultValue ?? fallback;
}

function readSampling(get: (key: string) => number | null | undefined): SamplingOptions {
  const sampling: SamplingOptions = {};
  for (const key of samplingKeys) {
    const value = get(key);
    if (typeof value === 'number' && Number.isFinite(value)) sampling[key] = value;
  }
  return sampling;
}

/** The known limits of a `customSubtitleLimits` value, each a positive number; anything else is dropped. */
function readLimits(value: unknown): CustomLimits {
  if (!value || typeof value !== 'object') return {};
  const limits: CustomLimits = {};
  for (const key of customLimitKeys) {
    const n = (value as Record<string, unknown>)[key];
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) limits[key] = n;
  }
  return limits;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** `auto`, or a whole number of pieces in flight; anything else (an old or hand-edited value) is `auto`. */
function concurrencySetting(value: unknown): Concurrency {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= maxConcurrency) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return concurrencySetting(Number(value));
  return 'auto';
}
