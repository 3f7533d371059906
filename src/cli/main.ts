import * as path from 'node:path';
import { resolveBaseUrl } from '../core/api/baseUrl';
import { TranslateError } from '../core/errors';
import type { TranslateEvent } from '../core/events';
import type { TranslateJob } from '../core/job';
import { languages, resolveLanguage } from '../core/options/languages';
import { defaultVoiceFor, voices } from '../core/options/voices';
import { clearCache, translate } from '../core/translate';
import { parseCliArgs, usage, UsageError, type CliArgs } from './args';
import { userCacheDir } from './cacheDir';
import { ProgressReporter } from './progress';
import { parseRenderArgs, renderUsage, runRender, type RenderArgs } from './render';
import { parseRetranslateArgs, retranslateUsage, runRetranslate } from './retranslate';
import { version } from '../../package.json';

/** Exit codes, as documented in --help. */
const exitCode = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/** Runs the CLI and resolves with the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv[0] === 'render') return render(argv.slice(1), env);
  if (argv[0] === 'retranslate') return retranslate(argv.slice(1), env);
  let args: CliArgs;
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
    for (const file of args.files) {
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

/** `media-translate render <record.json>`: the outputs rebuilt from a record, with no request and no key. */
async function render(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let args: RenderArgs;
  try {
    args = parseRenderArgs(argv);
    if (args.help) return print(renderUsage);
    for (const line of await runRender(args, userCacheDir(env))) process.stdout.write(`${line}\n`);
    return exitCode.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`media-translate: ${e.message}\nRun media-translate render --help for usage.\n`);
      return exitCode.usage;
    }
    if (!TranslateError.is(e)) throw e;
    process.stderr.write(`media-translate: ${e.message}\n`);
    return exitCode.failed;
  }
}

/** `media-translate retranslate <record.json> --piece <n>`: one piece sent again and put in its place. */
async function retranslate(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const apiKey = env.DASHSCOPE_API_KEY?.trim() ?? '';
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    const args = parseRetranslateArgs(argv);
    if (args.help) return print(retranslateUsage);
    const lines = await runRetranslate(args, { apiKey, envBaseUrl: env.DASHSCOPE_BASE_URL || undefined, cacheDir: userCacheDir(env), signal: controller.signal });
    for (const line of lines) process.stdout.write(`${line}\n`);
    return exitCode.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`media-translate: ${e.message}\nRun media-translate retranslate --help for usage.\n`);
      return exitCode.usage;
    }
    if (TranslateError.is(e, 'cancelled')) {
      process.stderr.write(`media-translate: ${e.message}\n`);
      return exitCode.cancelled;
    }
    if (!TranslateError.is(e)) throw e;
    // The engine's sentence already names the record.
    process.stderr.write(`media-translate: ${(apiKey ? e.message.split(apiKey).join('***') : e.message).split('\n')[0]}\n`);
    return exitCode.failed;
  } finally {
    process.off('SIGINT', onSigint);
  }
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
    ffmpegPath: args.ffmpeg,
    ffprobePath: args.ffprobe,
    cacheDir: args.cache ? userCacheDir(env) : undefined,
    allowEmpty: args.allowEmpty,
    subtitleProfile: args.subtitleProfile,
    customLimits: args.customLimits,
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
