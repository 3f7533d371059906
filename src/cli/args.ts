import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultModel, defaults, exportMixes, maxConcurrency, outputFormats, videoContexts, type Concurrency, type ExportMix, type OutputFormat, type Region, type SamplingOptions, type VideoContext } from '../core/job';
import type { Prices } from '../core/run/prices';
import { profileNames, type CustomLimits, type ProfileName } from '../core/subtitles/profiles';
import { parsePrices } from './estimate';
import { dashedFile, parseFailure } from './parseFailure';

/** What the command line asked for, before the key and environment are added. */
export interface CliArgs {
  files: string[];
  to?: string;
  from?: string;
  audio: boolean;
  voice?: string;
  formats: OutputFormat[];
  outDir?: string;
  concurrency: Concurrency;
  segmentSeconds: number;
  /** 0-based among the file's audio tracks; undefined lets each file's default decide. */
  audioTrack?: number;
  region: Region;
  baseUrl?: string;
  model: string;
  ffmpeg: string;
  /** Undefined: the ffprobe beside --ffmpeg (see buildJob). */
  ffprobe?: string;
  force: boolean;
  keepBoth: boolean;
  quiet: boolean;
  cache: boolean;
  clearCache: boolean;
  allowEmpty: boolean;
  retries: number;
  stallSeconds: number;
  deadlineFactor: number;
  rpm: number;
  tpm: number;
  sampling: SamplingOptions;
  subtitleProfile: ProfileName;
  customLimits?: CustomLimits;
  /** Print what the files would cost and send nothing. */
  estimate: boolean;
  /** Prices per million tokens, for the estimate and the summary. */
  prices?: Prices;
  videoContext: VideoContext;
  dubMaxSpeed: number;
  exportMix: ExportMix;
  help: boolean;
  version: boolean;
  listLanguages: boolean;
  listVoices: boolean;
}

/** A command line that cannot be run as written (exit code 2). */
export class UsageError extends Error {}

/**
 * Node's strict parse of `argv` (positionals allowed) with `options`; what it rejects, and a file
 * whose name reads as options, is a UsageError of one sentence (see parseFailure).
 */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, examples: Readonly<Record<string, string>> = {}) {
  const dashed = dashedFile(argv);
  if (dashed) throw new UsageError(dashed);
  try {
    return parseArgs({ args: argv, allowPositionals: true as const, strict: true as const, options });
  } catch (e) {
    throw new UsageError(parseFailure(e, Object.keys(options), examples));
  }
}

export const usage = `Usage: media-translate <file...> --to <lang> [options]

Translates audio and video files with qwen3-livetranslate-flash. Writes <name>.<lang>.srt/.vtt/.txt/.wav
beside each file. The API key comes from DASHSCOPE_API_KEY.

Options:
  --to <lang>              Target language, code or English name (en, English, zh, …)
  --from <lang>            Source language (default: auto-detect)
  --audio                  Also produce translated speech (a .wav on the source's timeline)
  --voice <name>           Voice for speech (default: the first that speaks the target; see --list-voices)
  --formats <list>         Comma-separated: srt,vtt,txt,wav,json,mp4 (default: srt,txt, plus wav with --audio);
                           json is the translation record that \`media-translate render\` rebuilds the others from;
                           mp4 is the dubbed video (.mkv for MKV/WebM sources; implies --audio and wav)
  --video-context <mode>   auto (default: pieces of a video go with their picture), always, or never (sound only)
  --dub-max-speed <x>      Speed a dubbed line up at most this much to fit before the next, 1-2 (default ${defaults.dubMaxSpeed})
  --export-mix <mix>       The dubbed video's first audio: ducked (default: dub over the original, lowered
                           under the speech) or dubOnly
  --subtitle-profile <p>   Subtitle limits: netflix (default), bbc, or custom with --subtitle-limits
  --subtitle-limits <list> For custom: lineChars=42,lines=2,minDuration=0.83,maxDuration=7,cps=17,gap=0.083
  --out-dir <dir>          Write outputs there instead of beside the source
  --audio-track <n>        Audio track to translate, 0-based among the file's audio tracks
                           (default: the track the file marks as default, else the first with sound)
  --concurrency <n|auto>   Pieces in flight at once: auto (default) uses the account's budgets
                           (--rpm, --tpm) as far as they go; or a fixed 1-${maxConcurrency}
  --segment-seconds <s>    Longest piece per request, ${defaults.minSegmentSeconds}-${defaults.maxSegmentSeconds} (default ${defaults.segmentSeconds})
  --region <name>          singapore or beijing (default singapore; keys are per region)
  --base-url <url>         API base URL (overrides DASHSCOPE_BASE_URL and --region)
  --model <name>           Model name (default ${defaultModel})
  --ffmpeg <path>          ffmpeg binary (default: ffmpeg on PATH; WAV needs none)
  --ffprobe <path>         ffprobe binary (default: ffprobe beside --ffmpeg, else on PATH)
  --force                  Overwrite existing outputs
  --keep-both              Keep existing outputs and number the new ones
  --no-cache               Do not reuse or keep finished pieces (resume after a failure needs them)
  --clear-cache            Delete the cached pieces (only the cache's own files) and exit
  --allow-empty            Write empty outputs when a file has no speech
  --retries <n>            Retries per piece on transient errors (default ${defaults.maxRetries})
  --stall-seconds <s>      Abort and retry a request that sends no answer data this long (default ${defaults.stallSeconds})
  --deadline-factor <x>    Abort and retry a request that takes longer than the stall time plus x times
                           its piece's length in all (default ${defaults.deadlineFactor})
  --rpm <n> --tpm <n>      Account limits per minute (default ${defaults.requestsPerMinute} requests, ${defaults.tokensPerMinute} tokens)
  --seed, --temperature, --top-p, --top-k, --presence-penalty, --repetition-penalty, --max-tokens <v>
                           Sampling parameters, sent only when given
  --estimate               Print each file's duration, pieces and estimated tokens (and cost, with
                           --prices), and send nothing; needs no key and no --to
  --prices <list>          Your prices per million tokens, for the estimate and the summary, e.g.
                           currency=USD,inputAudio=10,inputVideo=10,outputText=10,outputAudio=38
  --quiet                  No progress on stderr
  --list-languages, --list-voices, --version, --help

  media-translate render <record.json> rebuilds the outputs from a record (see render --help).
  media-translate retranslate <record.json> --piece <n> translates one piece again (see retranslate --help).

Exit codes: 0 done, 1 failed, 2 usage error, 130 cancelled (Ctrl-C), 143 stopped by SIGTERM, 129 by SIGHUP.
Finished pieces are kept on any of the three, so running the same command again resumes.`;

/** The options of the main command, as Node's parser takes them. */
const cliOptions = {
  to: { type: 'string', short: 't' },
  from: { type: 'string', short: 'f' },
  audio: { type: 'boolean', default: false },
  voice: { type: 'string' },
  formats: { type: 'string' },
  'out-dir': { type: 'string', short: 'o' },
  concurrency: { type: 'string' },
  'segment-seconds': { type: 'string' },
  'audio-track': { type: 'string' },
  region: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  ffmpeg: { type: 'string' },
  ffprobe: { type: 'string' },
  force: { type: 'boolean', default: false },
  'keep-both': { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  'no-cache': { type: 'boolean', default: false },
  'clear-cache': { type: 'boolean', default: false },
  'allow-empty': { type: 'boolean', default: false },
  retries: { type: 'string' },
  'stall-seconds': { type: 'string' },
  'deadline-factor': { type: 'string' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  seed: { type: 'string' },
  temperature: { type: 'string' },
  'top-p': { type: 'string' },
  'top-k': { type: 'string' },
  'presence-penalty': { type: 'string' },
  'repetition-penalty': { type: 'string' },
  'max-tokens': { type: 'string' },
  'subtitle-profile': { type: 'string' },
  'subtitle-limits': { type: 'string' },
  estimate: { type: 'boolean', default: false },
  prices: { type: 'string' },
  'video-context': { type: 'string' },
  'dub-max-speed': { type: 'string' },
  'export-mix': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  'list-languages': { type: 'boolean', default: false },
  'list-voices': { type: 'boolean', default: false },
} as const;

/** Parses argv (without node and the script); throws UsageError with one sentence. */
export function parseCliArgs(argv: string[]): CliArgs {
  const parsed = parseCommandLine(argv, cliOptions, exampleValue);
  const v = parsed.values;
  for (const [name, value] of Object.entries(v)) {
    if (value === '') throw new UsageError(emptyValue[name] ?? `--${name} needs a value, not an empty string.`);
  }
  const region = (v.region ?? 'singapore').toLowerCase();
  if (region !== 'singapore' && region !== 'beijing') throw new UsageError(`--region must be singapore or beijing, not "${v.region}".`);
  const asked = (v.formats ?? '').split(',').map((f) => f.trim().toLowerCase());
  const audio = v.audio || v.voice !== undefined || asked.includes('wav') || asked.includes('mp4');
  const parsedFormats = v.formats === undefined ? [...defaults.formats, ...(audio ? ['wav' as const] : [])] : parseFormats(v.formats);
  // The dubbed video is mixed from the dub track, which is written beside it.
  const formats = parsedFormats.includes('mp4') && !parsedFormats.includes('wav') ? [...parsedFormats, 'wav' as const] : parsedFormats;
  const videoContext = (v['video-context'] ?? 'auto').trim().toLowerCase() as VideoContext;
  if (!videoContexts.includes(videoContext)) throw new UsageError(`--video-context must be ${videoContexts.join(', ')}, not "${v['video-context']}".`);
  const exportMix = exportMixes.find((m) => m.toLowerCase() === (v['export-mix'] ?? 'ducked').trim().toLowerCase());
  if (!exportMix) throw new UsageError(`--export-mix must be ${exportMixes.join(' or ')}, not "${v['export-mix']}".`);
  const ffmpeg = v.ffmpeg ?? 'ffmpeg';
  return {
    files: parsed.positionals,
    to: v.to,
    from: v.from,
    audio,
    voice: v.voice,
    formats,
    outDir: v['out-dir'],
    concurrency: concurrencyArg(v.concurrency),
    segmentSeconds: num(v['segment-seconds'], '--segment-seconds', defaults.segmentSeconds),
    audioTrack: trackIndex(v['audio-track']),
    region,
    baseUrl: v['base-url'],
    model: v.model ?? defaultModel,
    ffmpeg,
    ffprobe: v.ffprobe,
    force: v.force,
    keepBoth: v['keep-both'],
    quiet: v.quiet,
    cache: !v['no-cache'],
    clearCache: v['clear-cache'],
    allowEmpty: v['allow-empty'],
    retries: int(v.retries, '--retries', defaults.maxRetries),
    stallSeconds: num(v['stall-seconds'], '--stall-seconds', defaults.stallSeconds),
    deadlineFactor: num(v['deadline-factor'], '--deadline-factor', defaults.deadlineFactor),
    rpm: num(v.rpm, '--rpm', defaults.requestsPerMinute),
    tpm: num(v.tpm, '--tpm', defaults.tokensPerMinute),
    sampling: {
      seed: optInt(v.seed, '--seed'),
      temperature: optNum(v.temperature, '--temperature'),
      topP: optNum(v['top-p'], '--top-p'),
      topK: optInt(v['top-k'], '--top-k'),
      presencePenalty: optNum(v['presence-penalty'], '--presence-penalty'),
      repetitionPenalty: optNum(v['repetition-penalty'], '--repetition-penalty'),
      maxTokens: optInt(v['max-tokens'], '--max-tokens'),
    },
    subtitleProfile: profileOf(v['subtitle-profile'], v['subtitle-limits']),
    customLimits: v['subtitle-limits'] === undefined ? undefined : parseLimits(v['subtitle-limits']),
    estimate: v.estimate,
    prices: v.prices === undefined ? undefined : pricesOf(v.prices),
    videoContext,
    dubMaxSpeed: num(v['dub-max-speed'], '--dub-max-speed', defaults.dubMaxSpeed),
    exportMix,
    help: v.help,
    version: v.version,
    listLanguages: v['list-languages'],
    listVoices: v['list-voices'],
  };
}

function profileOf(name: string | undefined, limits: string | undefined): ProfileName {
  const profile = (name ?? (limits === undefined ? 'netflix' : 'custom')).trim().toLowerCase();
  if (!profileNames.includes(profile as ProfileName)) throw new UsageError(`--subtitle-profile must be ${profileNames.join(', ')}, not "${name}".`);
  if (limits !== undefined && profile !== 'custom') throw new UsageError('--subtitle-limits goes with --subtitle-profile custom.');
  return profile as ProfileName;
}

/** `lineChars=38,cps=15` as custom limits; each key once, each value a positive number. */
function parseLimits(list: string): CustomLimits {
  const keys: Record<string, keyof CustomLimits> = {
    linechars: 'maxLineChars',
    lines: 'maxLines',
    minduration: 'minDurationSeconds',
    maxduration: 'maxDurationSeconds',
    cps: 'maxCharsPerSecond',
    gap: 'minGapSeconds',
  };
  const out: CustomLimits = {};
  for (const item of list.split(',').map((x) => x.trim()).filter(Boolean)) {
    const [key, value] = item.split('=').map((x) => x.trim());
    const field = keys[key?.toLowerCase() ?? ''];
    if (!field) throw new UsageError(`Unknown limit "${key}" in --subtitle-limits; use lineChars, lines, minDuration, maxDuration, cps or gap.`);
    const n = Number(value);
    if (!value || !Number.isFinite(n) || n <= 0) throw new UsageError(`--subtitle-limits needs a positive number for ${key}, not "${value ?? ''}".`);
    out[field] = n;
  }
  return out;
}

function pricesOf(list: string): Prices {
  try {
    return parsePrices(list);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function parseFormats(list: string): OutputFormat[] {
  const formats = list.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  for (const f of formats) {
    if (!outputFormats.includes(f as OutputFormat)) throw new UsageError(`Unknown format "${f}" in --formats; use ${outputFormats.join(', ')}.`);
  }
  if (formats.length === 0) throw new UsageError(`--formats needs at least one of ${outputFormats.join(', ')}.`);
  return formats as OutputFormat[];
}

/** A 0-based track index, or undefined when the flag is absent. */
function trackIndex(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) {
    throw new UsageError(`--audio-track needs a whole number from 0 (the first audio track), not "${value}".`);
  }
  return n;
}

function num(value: string | undefined, flag: string, fallback: number): number {
  return value === undefined ? fallback : (optNum(value, flag) as number);
}

/** `auto` or a whole number; the range is checked with the rest of the job. */
function concurrencyArg(value: string | undefined): Concurrency {
  if (value === undefined) return defaults.concurrency;
  if (value.trim().toLowerCase() === 'auto') return 'auto';
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n)) throw new UsageError(`--concurrency needs auto or a whole number, not "${value}".`);
  return n;
}

function int(value: string | undefined, flag: string, fallback: number): number {
  return value === undefined ? fallback : (optInt(value, flag) as number);
}

function optNum(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} needs a number, not "${value}".`);
  return n;
}

function optInt(value: string | undefined, flag: string): number | undefined {
  const n = optNum(value, flag);
  if (n !== undefined && !Number.isInteger(n)) throw new UsageError(`${flag} needs a whole number, not "${value}".`);
  return n;
}

/** A value to show with "--x needs a value", for the options people type most. */
const exampleValue: Readonly<Record<string, string>> = { to: 'en', from: 'de', voice: 'Cherry', formats: 'srt,vtt', 'out-dir': 'subtitles', region: 'beijing', concurrency: '2' };

/** What to say for an option given as an empty string, where a generic sentence would not help. */
const emptyValue: Readonly<Record<string, string>> = {
  'out-dir': '--out-dir needs a folder name, not an empty string; leave it out to write beside each source.',
};

