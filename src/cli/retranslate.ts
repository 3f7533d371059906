import { resolveBaseUrl } from '../core/api/baseUrl';
import { formatSpan } from '../core/timeline';
import { defaults, ffprobeBeside } from '../core/job';
import { retranslatePiece } from '../core/run/retranslate';
import type { Region } from '../core/api/regions';
import { parseCommandLine, UsageError } from './args';

export const retranslateUsage = `Usage: media-translate retranslate <record.json> --piece <n> [--region singapore|beijing] [--base-url <url>] [--ffmpeg <path>]

Sends one piece of a translation again (not from the cache) and puts the new answer in its place: its
cues in the subtitles, its text, its stretch of the dub track and the record. Every other cue and every
other byte of the dub track stay as they were; cues edited by hand in the .srt are kept. The API key
comes from DASHSCOPE_API_KEY.

Options:
  --piece <n>        The piece to translate again, counted from 1 (as the editor's code lens names it)
  --region <r>       singapore (default) or beijing
  --base-url <url>   API base URL (overrides DASHSCOPE_BASE_URL and --region)
  --ffmpeg <path>    ffmpeg to decode the source with (ffprobe is taken from beside it)`;

/** What `media-translate retranslate` was asked to do. */
export interface RetranslateArgs {
  record?: string;
  piece?: number;
  region: Region;
  baseUrl?: string;
  ffmpeg: string;
  help: boolean;
}

/** The options of `retranslate`, as Node's parser takes them. */
const retranslateOptions = {
  piece: { type: 'string', short: 'p' },
  region: { type: 'string' },
  'base-url': { type: 'string' },
  ffmpeg: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Parses the arguments after `retranslate`; throws UsageError with one sentence. */
export function parseRetranslateArgs(argv: string[]): RetranslateArgs {
  const parsed = parseCommandLine(argv, retranslateOptions);
  const v = parsed.values;
  if (parsed.positionals.length > 1) throw new UsageError('retranslate takes one record.');
  const piece = v.piece === undefined ? undefined : Number(v.piece);
  if (piece !== undefined && (!Number.isInteger(piece) || piece < 1)) throw new UsageError(`--piece needs a whole number from 1 (got "${v.piece}").`);
  const region = (v.region ?? 'singapore') as Region;
  if (region !== 'singapore' && region !== 'beijing') throw new UsageError(`--region is singapore or beijing (got "${v.region}").`);
  return { record: parsed.positionals[0], piece, region, baseUrl: v['base-url'], ffmpeg: v.ffmpeg?.trim() || 'ffmpeg', help: v.help };
}

/** Translates the piece again, printing progress to stderr; resolves with the lines to print. */
export async function runRetranslate(args: RetranslateArgs, o: { apiKey: string; envBaseUrl?: string; cacheDir: string; signal: AbortSignal }): Promise<string[]> {
  if (!args.record) throw new UsageError('Name the record, for example: media-translate retranslate talk.en.json --piece 3');
  if (args.piece === undefined) throw new UsageError('Say which piece with --piece <n>, for example --piece 3.');
  const events = retranslatePiece(
    {
      recordFile: args.record,
      pieceIndex: args.piece - 1,
      api: { apiKey: o.apiKey, baseUrl: resolveBaseUrl({ baseUrl: args.baseUrl ?? o.envBaseUrl, region: args.region }) },
      policy: { concurrency: 1, maxRetries: defaults.maxRetries, stallSeconds: defaults.stallSeconds, requestsPerMinute: defaults.requestsPerMinute, tokensPerMinute: defaults.tokensPerMinute },
      ffmpegPath: args.ffmpeg,
      ffprobePath: ffprobeBeside(args.ffmpeg),
      cacheDir: o.cacheDir,
    },
    o.signal,
  );
  const lines: string[] = [];
  for await (const ev of events) {
    if (ev.type === 'pieceStarted') process.stderr.write(`Translating piece ${args.piece} (${formatSpan(ev.piece)}) again…\n`);
    else if (ev.type === 'note' && ev.level === 'warn') process.stderr.write(`Warning: ${ev.message}\n`);
    else if (ev.type === 'pieceRetry') process.stderr.write(`${ev.reason}\n`);
    else if (ev.type === 'done') for (const file of Object.values(ev.summary.files)) if (file) lines.push(`Wrote ${file}`);
  }
  return lines;
}
