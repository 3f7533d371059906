import * as path from 'node:path';
import { TranslateError } from '../core/errors';
import type { TranslateEvent } from '../core/events';
import { buildJob, type TranslateJob } from '../core/job';
import { describeDubFits } from '../core/dub/dubFitReport';
import { findLanguage, languages, resolveLanguage } from '../core/options/languages';
import { collisionMessage, planBatch } from '../core/output/collisions';
import { voices } from '../core/options/voices';
import { clearCache, translate } from '../core/translate';
import { parseCliArgs, usage, UsageError, type CliArgs } from './args';
import { usageText } from '../core/run/costText';
import { tokensOf } from '../core/run/estimate';
import { validateJob } from '../core/run/validateJob';
import { userCacheDir } from './cacheDir';
import { estimateFiles } from './estimate';
import { canWrite, guardOutput } from './outputGuard';
import { withNextStep } from './advice';
import { ProgressReporter } from './progress';
import { parseRenderArgs, renderUsage, runRender, type RenderArgs } from './render';
import { parseRetranslateArgs, retranslateUsage, runRetranslate } from './retranslate';
import { version } from '../../package.json';

/** Exit codes, as documented in --help. */
const exitCode = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/**
 * The signals that cancel a run as Ctrl-C does, each with the exit code a shell gives a process it
 * ends (128 + the signal's number): systemd, `timeout` and CI stop with SIGTERM, a closed terminal
 * sends SIGHUP.
 */
const cancelSignals: Readonly<Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number>> = { SIGINT: exitCode.cancelled, SIGTERM: 143, SIGHUP: 129 };

/** Reasons a job can fail for before anything is read or sent: they are the command line's fault. */
const usageReasons = new Set(['badOption', 'unknownLanguage', 'unknownVoice', 'voiceCannotSpeak', 'speechNotAvailable']);

/** Runs the CLI and resolves with the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  guardOutput(process.stdout, process.stderr);
  if (argv[0] === 'render') return render(argv.slice(1), env);
  if (argv[0] === 'retranslate') return retranslate(argv.slice(1), env);
  let args: CliArgs;
  const apiKey = env.DASHSCOPE_API_KEY?.trim() ?? '';
  let batch: string[];
  try {
    args = parseCliArgs(argv);
    if (args.help) return print(usage);
    if (args.version) return print(version);
    if (args.listLanguages) return print(languages.map((l) => `${l.code.padEnd(4)} ${l.name}${l.speech ? '' : ' (text only)'}`).join('\n'));
    if (args.listVoices) return print(voices.map((v) => `${v.name.padEnd(7)} ${v.gender.padEnd(7)} ${v.languages.join(' ')}  ${v.description}${v.inChinese ? ` (in Chinese: ${v.inChinese})` : ''}`).join('\n'));
    if (args.clearCache) {
      // Named in full: "from ." would read as a typo.
      const dir = path.resolve(userCacheDir(env));
      const removed = await clearCache(dir);
      return print(`Removed ${removed} cached piece${removed === 1 ? '' : 's'} from ${dir}.`);
    }
    if (args.files.length === 0) throw new UsageError('Name at least one media file.');
    if (args.estimate) return await printEstimates(args, apiKey);
    if (!args.to) throw new UsageError('--to <lang> is required (for example --to en).');
    // Checked once for the whole command line, so a wrong option is a usage error said once, not a
    // failure repeated for every file.
    validateJob(jobFor(args.files[0], args, apiKey, env));
    batch = checkBatch(args);
  } catch (e) {
    if (TranslateError.is(e) && !usageReasons.has(e.reason)) {
      fail(undefined, sentenceOf(e), apiKey);
      return exitCode.failed;
    }
    if (!(e instanceof UsageError) && !TranslateError.is(e)) throw e;
    process.stderr.write(`media-translate: ${sentenceOf(e)}\nRun media-translate --help for usage.\n`);
    return exitCode.usage;
  }
  const cancel = cancelOnSignals();
  const seen = { cacheFailed: false };
  let failed = 0;
  try {
    for (const file of batch) {
      try {
        await translateOne(file, args, apiKey, env, cancel.signal, seen);
      } catch (e) {
        if (cancel.signal.aborted) {
          const resume = seen.cacheFailed
            ? 'The cache could not be written, so the same command will send every piece again.'
            : 'Finished pieces are kept; run the same command again to resume.';
          fail(file, `Cancelled. ${resume}`, apiKey);
          return cancel.exitCode();
        }
        // A failure that may pass (the network, the server) has used up its retries; what was
        // finished is cached, so saying so tells the person what to do next.
        const again = TranslateError.is(e) && e.transient && args.cache && !seen.cacheFailed ? ' Finished pieces are kept; run the same command again to send only the rest.' : '';
        fail(file, `${sentenceOf(e)}${again}`, apiKey);
        failed++;
      }
    }
  } finally {
    cancel.dispose();
  }
  return failed > 0 ? exitCode.failed : exitCode.ok;
}

/**
 * Ctrl-C, SIGTERM and SIGHUP cancel what runs (its temporary files go with it) instead of ending
 * the process where it stands; `exitCode` is the one the signal gives. A second signal ends the
 * process at once; temporary outputs still go with it (see atomicFile).
 */
function cancelOnSignals(): { signal: AbortSignal; exitCode(): number; dispose(): void } {
  const controller = new AbortController();
  let stoppedBy: keyof typeof cancelSignals | undefined;
  const onSignal = (signal: keyof typeof cancelSignals): void => {
    if (stoppedBy) process.exit(cancelSignals[stoppedBy]);
    stoppedBy = signal;
    controller.abort();
  };
  const names = Object.keys(cancelSignals) as (keyof typeof cancelSignals)[];
  for (const name of names) process.on(name, onSignal);
  return {
    signal: controller.signal,
    exitCode: () => cancelSignals[stoppedBy ?? 'SIGINT'],
    dispose: () => {
      for (const name of names) process.off(name, onSignal);
    },
  };
}

/** `media-translate render <record.json>`: the outputs rebuilt from a record, with no request and no key. */
async function render(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let args: RenderArgs;
  const cancel = cancelOnSignals();
  try {
    args = parseRenderArgs(argv);
    if (args.help) return print(renderUsage);
    for (const line of await runRender(args, userCacheDir(env), cancel.signal)) process.stdout.write(`${line}\n`);
    return exitCode.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`media-translate: ${e.message}\nRun media-translate render --help for usage.\n`);
      return exitCode.usage;
    }
    if (!TranslateError.is(e)) throw e;
    if (cancel.signal.aborted) {
      process.stderr.write(`media-translate: ${e.message}\n`);
      return cancel.exitCode();
    }
    // render has --force but no --keep-both.
    const said = e.next === 'replaceOutputs' ? `${e.message} Use --force to replace them; edits made to them are lost.` : sentenceOf(e);
    process.stderr.write(`media-translate: ${said}\n`);
    return exitCode.failed;
  } finally {
    cancel.dispose();
  }
}

/** `media-translate retranslate <record.json> --piece <n>`: one piece sent again and put in its place. */
async function retranslate(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const apiKey = env.DASHSCOPE_API_KEY?.trim() ?? '';
  const cancel = cancelOnSignals();
  try {
    const args = parseRetranslateArgs(argv);
    if (args.help) return print(retranslateUsage);
    const lines = await runRetranslate(args, { apiKey, envBaseUrl: env.DASHSCOPE_BASE_URL || undefined, cacheDir: userCacheDir(env), signal: cancel.signal });
    for (const line of lines) process.stdout.write(`${line}\n`);
    return exitCode.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`media-translate: ${e.message}\nRun media-translate retranslate --help for usage.\n`);
      return exitCode.usage;
    }
    if (TranslateError.is(e, 'cancelled')) {
      process.stderr.write(`media-translate: ${e.message}\n`);
      return cancel.exitCode();
    }
    if (!TranslateError.is(e)) throw e;
    // The engine's sentence already names the record.
    const said = sentenceOf(e);
    process.stderr.write(`media-translate: ${(apiKey ? said.split(apiKey).join('***') : said).split('\n')[0]}\n`);
    return exitCode.failed;
  } finally {
    cancel.dispose();
  }
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
  if (plan.collisions.length > 0 && !args.keepBoth) throw new UsageError(withNextStep(collisionMessage(plan.collisions), 'separateOutputs'));
  for (const file of plan.repeated) process.stderr.write(`media-translate: ${path.basename(file)} is named more than once; it is translated once.\n`);
  return plan.inputs;
}

/** The engine's job for one file, as the command line asks for it (not yet validated). */
function jobFor(file: string, args: CliArgs, apiKey: string, env: NodeJS.ProcessEnv): TranslateJob {
  return buildJob({
    input: file,
    targetLanguage: findLanguage(args.to as string)?.code ?? (args.to as string),
    sourceLanguage: args.from,
    speech: args.audio ? (args.voice ?? true) : undefined,
    formats: args.formats,
    outDir: args.outDir,
    ifExists: args.force ? 'overwrite' : args.keepBoth ? 'keepBoth' : 'fail',
    apiKey,
    baseUrl: args.baseUrl ?? (env.DASHSCOPE_BASE_URL || undefined),
    region: args.region,
    model: args.model,
    sampling: args.sampling,
    policy: {
      concurrency: args.concurrency,
      maxRetries: args.retries,
      stallSeconds: args.stallSeconds,
      deadlineFactor: args.deadlineFactor,
      requestsPerMinute: args.rpm,
      tokensPerMinute: args.tpm,
    },
    segmentSeconds: args.segmentSeconds,
    audioTrack: args.audioTrack,
    ffmpegPath: args.ffmpeg,
    ffprobePath: args.ffprobe,
    cacheDir: args.cache ? userCacheDir(env) : undefined,
    allowEmpty: args.allowEmpty,
    subtitleProfile: args.subtitleProfile,
    customLimits: args.customLimits,
    videoContext: args.videoContext,
    dubMaxSpeed: args.dubMaxSpeed,
    exportMix: args.exportMix,
  });
}

/** What a run has told that the command line's last words depend on. */
interface RunNotes {
  /** Finished pieces could not be cached, so a cancelled run cannot resume from them. */
  cacheFailed: boolean;
}

async function translateOne(file: string, args: CliArgs, apiKey: string, env: NodeJS.ProcessEnv, signal: AbortSignal, seen: RunNotes): Promise<void> {
  const job = jobFor(file, args, apiKey, env);
  const target = job.targetLanguage;
  const voice = job.voice;
  const name = path.basename(file);
  const progress = args.quiet ? undefined : new ProgressReporter(process.stderr, name);
  const text = new TextPrinter(process.stdout, progress);
  for await (const ev of translate(job, signal)) {
    if (ev.type === 'note' && ev.next === 'checkCacheDir') seen.cacheFailed = true;
    text.handle(ev);
    progress?.handle(ev);
    if (ev.type === 'started' && progress) {
      progress.line(`${name}: ${formatDuration(ev.info.durationSeconds)} of media → ${resolveLanguage(target).name}${voice ? ` with speech (${voice})` : ''}.`);
    }
    if (ev.type === 'done' && progress) {
      const s = ev.summary;
      const cached = s.piecesFromCache > 0 ? `, ${s.piecesFromCache} from the cache` : '';
      // Each warning was printed as it came; the count says there is something to scroll back for.
      const warned = s.warnings.length > 0 ? `${s.warnings.length} warning${s.warnings.length === 1 ? '' : 's'}, ` : '';
      progress.line(
        `${name}: ${plural(s.pieces, 'piece', 'pieces')}${cached}, ${plural(s.requests, 'request', 'requests')}, ${plural(s.retries, 'retry', 'retries')}, ${usageText(tokensOf(s.usage), args.prices)}, ${warned}${(s.elapsedMs / 1000).toFixed(1)} s.`,
      );
      const fitted = s.dubFits ? describeDubFits(s.dubFits) : undefined;
      if (fitted) progress.line(`${name}: ${fitted}`);
      for (const written of Object.values(s.files)) progress.line(`Wrote ${written}`);
    }
  }
}

/** `--estimate`: one line per file on stdout, each file that cannot be read on stderr; nothing is sent. */
async function printEstimates(args: CliArgs, apiKey: string): Promise<number> {
  const { lines, failures } = await estimateFiles(args);
  for (const line of lines) process.stdout.write(`${line}\n`);
  for (const failure of failures) fail(undefined, failure, apiKey);
  return failures.length > 0 ? exitCode.failed : exitCode.ok;
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
    // With stdout gone (`| head -1`, a full disk) the translation still goes to its files.
    if (!canWrite(this.out)) return;
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

/** One line on stderr, naming the file when there is one, with the key removed should any message ever carry it. */
/** What the person is told about a failure: the engine's sentence and, when it names one, the command line's next step. */
function sentenceOf(e: unknown): string {
  if (TranslateError.is(e)) return withNextStep(e.message, e.next);
  return e instanceof Error ? e.message : String(e);
}

function fail(file: string | undefined, message: string, apiKey: string): void {
  const safe = apiKey ? message.split(apiKey).join('***') : message;
  // On a terminal the line may follow a progress bar or streamed text, so it starts a line of its
  // own; into a pipe or a log it is exactly one line.
  const lead = process.stderr.isTTY ? '\n' : '';
  const where = file === undefined ? '' : `${path.basename(file)}: `;
  process.stderr.write(`${lead}media-translate: ${where}${safe.split('\n')[0]}\n`);
}

/** `1 piece`, `2 pieces`. */
function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
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
      fail(undefined, message, process.env.DASHSCOPE_API_KEY ?? '');
      process.exit(exitCode.failed);
    },
  );
}
