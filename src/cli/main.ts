import * as path from 'node:path';
import { resolveBaseUrl } from '../core/api/baseUrl';
import { TranslateError } from '../core/errors';
import type { TranslateEvent } from '../core/events';
import type { TranslateJob } from '../core/job';
import { findLanguage, languages, resolveLanguage } from '../core/options/languages';
import { collisionMessage, planBatch } from '../core/output/collisions';
import { defaultVoiceFor, voices } from '../core/options/voices';
import { clearCache, translate } from '../core/translate';
import { parseCliArgs, usage, UsageError, type CliArgs } from './args';
import { userCacheDir } from './cacheDir';
import { ProgressReporter } from './progress';
import { version } from '../../package.json';

/** Exit codes, as documented in --help. */
const exitCode = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/** Runs the CLI and resolves with the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args: CliArgs;
  let batch: string[];
  try {
    args = parseCliArgs(argv);
    if (args.help) return print(usage);
    if (args.version) return print(version);
    if (args.listLanguages) return print(languages.map((l) => `${l.code.padEnd(4)} ${l.name}${l.speech ? '' : ' (text only)'}`).join('\n'));
    if (args.listVoices) return print(voices.map((v) => `${v.name.padEnd(7)} ${v.gender.padEnd(7)} ${v.languages.join(' ')}  ${v.description}`).join('\n'));
    if (args.clearCache) {
      const removed = await clearCache(userCacheDir(env));
      return print(`Removed ${removed} cached piece${removed === 1 ? '' : 's'} from ${userCacheDir(env)}.`);
    }
    if (args.files.length === 0) throw new UsageError('Name at least one media file.');
    if (!args.to) throw new UsageError('--to <lang> is required (for example --to en).');
    batch = checkBatch(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`media-translate: ${e.message}\nRun media-translate --help for usage.\n`);
    return exitCode.usage;
  }
  const apiKey = env.DASHSCOPE_API_KEY?.trim() ?? '';
  const controller = new AbortController();
  let interrupted = 0;
  const onSigint = (): void => {
    interrupted++;
    if (interrupted > 1) process.exit(exitCode.cancelled);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let failed = 0;
  try {
    for (const file of batch) {
      try {
        await translateOne(file, args, apiKey, env, controller.signal);
      } catch (e) {
        if (controller.signal.aborted) {
          fail(file, 'Cancelled. Finished pieces are kept; run the same command again to resume.', apiKey);
          return exitCode.cancelled;
        }
        fail(file, e instanceof Error ? e.message : String(e), apiKey);
        failed++;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return failed > 0 ? exitCode.failed : exitCode.ok;
}

/**
 * The files to translate, each once (a repeat is said once), after refusing a batch in which two
 * files would write the same outputs; with --keep-both the second simply gets numbered names.
 */
function checkBatch(args: CliArgs): string[] {
  const language = findLanguage(args.to as string)?.code;
  // An unknown language is reported by the run itself, with the list of those that work.
  if (!language) return args.files;
  const plan = planBatch(args.files, language, args.formats, args.outDir);
  if (plan.collisions.length > 0 && !args.keepBoth) throw new UsageError(collisionMessage(plan.collisions));
  for (const file of plan.repeated) process.stderr.write(`media-translate: ${path.basename(file)} is named more than once; it is translated once.\n`);
  return plan.inputs;
}

async function translateOne(file: string, args: CliArgs, apiKey: string, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<void> {
  const target = resolveLanguage(args.to as string).code;
  const voice = args.audio ? (args.voice ?? defaultVoiceFor(target)?.name ?? 'Cherry') : undefined;
  const job: TranslateJob = {
    input: file,
    targetLanguage: target,
    sourceLanguage: args.from,
    voice,
    formats: args.formats,
    outDir: args.outDir,
    ifExists: args.force ? 'overwrite' : args.keepBoth ? 'keepBoth' : 'fail',
    api: {
      apiKey,
      baseUrl: resolveBaseUrl({ baseUrl: args.baseUrl ?? (env.DASHSCOPE_BASE_URL || undefined), region: args.region }),
      model: args.model,
      sampling: args.sampling,
    },
    policy: {
      concurrency: args.concurrency,
      maxRetries: args.retries,
      stallSeconds: args.stallSeconds,
      requestsPerMinute: args.rpm,
      tokensPerMinute: args.tpm,
    },
    segmentSeconds: args.segmentSeconds,
    audioTrack: args.audioTrack,
    ffmpegPath: args.ffmpeg,
    ffprobePath: args.ffprobe,
    cacheDir: args.cache ? userCacheDir(env) : undefined,
    allowEmpty: args.allowEmpty,
  };
  const name = path.basename(file);
  const progress = args.quiet ? undefined : new ProgressReporter(process.stderr, name);
  const text = new TextPrinter(process.stdout, progress);
  for await (const ev of translate(job, signal)) {
    text.handle(ev);
    progress?.handle(ev);
    if (ev.type === 'started' && progress) {
      progress.line(`${name}: ${formatDuration(ev.info.durationSeconds)} of media → ${resolveLanguage(target).name}${voice ? ` with speech (${voice})` : ''}.`);
    }
    if (ev.type === 'done' && progress) {
      const s = ev.summary;
      const cached = s.piecesFromCache > 0 ? `, ${s.piecesFromCache} from the cache` : '';
      progress.line(
        `${name}: ${s.pieces} pieces${cached}, ${s.requests} requests, ${s.retries} retries, ${s.usage.totalTokens} tokens, ${(s.elapsedMs / 1000).toFixed(1)} s.`,
      );
      for (const written of Object.values(s.files)) progress.line(`Wrote ${written}`);
    }
  }
}

/**
 * Streams the translation to stdout. On a terminal text appears as it arrives; into a pipe each
 * piece is printed once it is final, so a retried piece never shows its abandoned text.
 */
class TextPrinter {
  private printedForPiece = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly progress: ProgressReporter | undefined,
  ) {}

  handle(ev: TranslateEvent): void {
    const live = this.out.isTTY === true;
    if (ev.type === 'textDelta') {
      if (!live) return;
      this.progress?.clear();
      this.out.write(ev.text);
      this.printedForPiece = true;
    } else if (ev.type === 'pieceRetry' && live && this.printedForPiece) {
      this.out.write(' […]\n');
      this.printedForPiece = false;
    } else if (ev.type === 'pieceDone') {
      if (live) {
        if (this.printedForPiece) this.out.write('\n');
      } else if (ev.text) {
        this.out.write(`${ev.text}\n`);
      }
      this.printedForPiece = false;
    }
  }
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return exitCode.ok;
}

/** One line on stderr, with the key removed should any message ever carry it. */
function fail(file: string, message: string, apiKey: string): void {
  const safe = apiKey ? message.split(apiKey).join('***') : message;
  // On a terminal the line may follow a progress bar or streamed text, so it starts a line of its
  // own; into a pipe or a log it is exactly one line.
  const lead = process.stderr.isTTY ? '\n' : '';
  process.stderr.write(`${lead}media-translate: ${path.basename(file)}: ${safe.split('\n')[0]}\n`);
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      const message = TranslateError.is(e) ? e.message : `Unexpected error: ${String((e as Error)?.message ?? e)}`;
      fail('media-translate', message, process.env.DASHSCOPE_API_KEY ?? '');
      process.exit(exitCode.failed);
    },
  );
}
