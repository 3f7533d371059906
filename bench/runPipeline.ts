/**
 * One pipeline run, in a process of its own so that its CPU time, its children's (ffprobe, ffmpeg)
 * and its peak memory belong to the engine alone: the fake server runs in the parent.
 *
 *   node out/bench/runPipeline.js '<PipelineRunInput as JSON>'
 *
 * Prints one line of JSON (a PipelineRunOutput) on stdout.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildJob, type Concurrency, type TranslateJob } from '../src/core/job';
import { translate } from '../src/core/translate';
import { segmentSeconds } from './latencyModel';
import { startProbes } from './probes';

/** What the parent asks for. */
export interface PipelineRunInput {
  input: string;
  outDir: string;
  baseUrl: string;
  apiKey: string;
  concurrency: Concurrency;
  tokensPerMinute: number;
  requestsPerMinute: number;
  /** The engine's clock runs this many times faster than the wall clock (see `warpClock`). */
  timeScale: number;
  /** Ask for translated speech (and write the .wav) as well as text. */
  speech: boolean;
  /** The piece cache, as the extension keeps it by default; undefined turns it off. */
  cacheDir?: string;
  /** Stop the run once the first cue is out: only `firstCueMs` is measured. */
  stopAfterFirstCue?: boolean;
  /** Translate the file this many times in this one process first, each into a fresh folder: a warm engine. */
  warmUps?: number;
}

/** What a run stopped after the first cue measured. */
export interface FirstCueOutput {
  firstCueMs: number | undefined;
}

/** What one run measured. Times are real milliseconds; CPU is real seconds. */
export interface PipelineRunOutput {
  wallMs: number;
  /** From the call to translate() to the first pieceDone that carries cues. */
  firstCueMs: number | undefined;
  pieces: number;
  requests: number;
  retries: number;
  totalTokens: number;
  /** user + system of this process during the run (process.cpuUsage). */
  cpuSelfSeconds: number;
  /** user + system of its waited-for children: cutime + cstime from /proc/self/stat. */
  cpuChildrenSeconds: number;
  /** VmHWM from /proc/self/status, and maxRSS from process.resourceUsage() as a check. */
  peakRssMb: number;
  maxRssMb: number;
  /** The largest V8 heap in use and the largest off-heap (Buffer) memory, sampled every 100 ms. */
  peakHeapUsedMb: number;
  peakExternalMb: number;
  /** Bytes of the dub track written, to show the speech really went to disk. */
  wavBytes: number;
  /** The event loop's delay over the measured run, in milliseconds (left out by older checkouts). */
  eventLoop?: { p50Ms: number; p99Ms: number; maxMs: number };
  /** CPU of each warm-up translation before the measured one (user + system); older checkouts, run by `bench:compare`, leave it out. */
  warmUpCpuSeconds?: number[];
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? '{}') as PipelineRunInput;
  if (o.timeScale !== 1) warpClock(o.timeScale);
  const jobIn = (outDir: string, cacheDir: string | undefined): TranslateJob =>
    buildJob({
      input: o.input,
      targetLanguage: 'fr',
      speech: o.speech === false ? undefined : 'Cherry',
      // The record too: the bench reads its cues to measure how many sit on their own speech.
      formats: o.speech === false ? ['srt', 'txt', 'json'] : ['srt', 'txt', 'wav', 'json'],
      outDir,
      ifExists: 'overwrite',
      apiKey: o.apiKey,
      baseUrl: o.baseUrl,
      policy: { concurrency: o.concurrency, requestsPerMinute: o.requestsPerMinute, tokensPerMinute: o.tokensPerMinute },
      segmentSeconds,
      cacheDir,
    });
  const warmUpCpuSeconds: number[] = [];
  for (let i = 0; i < (o.warmUps ?? 0); i++) {
    const dir = fs.mkdtempSync(path.join(o.outDir, 'warm-up-'));
    const before = process.cpuUsage();
    for await (const ev of translate(jobIn(dir, o.cacheDir && path.join(dir, 'cache')))) void ev;
    const used = process.cpuUsage(before);
    warmUpCpuSeconds.push((used.user + used.system) / 1e6);
  }
  const job = jobIn(o.outDir, o.cacheDir);
  // Node loads its fetch implementation the first time anything touches Headers (the openai SDK
  // does, for the first request). Module loading is not counted, and the traffic alone has loaded
  // it by its warm-up request, so it is loaded here too, before the clock.
  void new Headers();
  const probes = startProbes();
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let firstCueMs: number | undefined;
  let summary;
  const stop = new AbortController();
  try {
    for await (const ev of translate(job, stop.signal)) {
      if (ev.type === 'pieceDone' && ev.cues.length > 0) firstCueMs ??= performance.now() - started;
      if (ev.type === 'done') summary = ev.summary;
      if (firstCueMs !== undefined && o.stopAfterFirstCue) stop.abort();
    }
  } catch (e) {
    if (!stop.signal.aborted) throw e;
  }
  if (o.stopAfterFirstCue) {
    const out: FirstCueOutput = { firstCueMs };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  // The generator has closed the source by now, so ffprobe and ffmpeg have exited and been waited for.
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const seen = probes.stop();
  if (!summary) throw new Error('The run ended without a done event.');
  const out: PipelineRunOutput = {
    wallMs,
    firstCueMs,
    pieces: summary.pieces,
    requests: summary.requests,
    retries: summary.retries,
    totalTokens: summary.usage.totalTokens,
    cpuSelfSeconds: (cpu.user + cpu.system) / 1e6,
    cpuChildrenSeconds: childrenCpuSeconds(),
    peakRssMb: statusKb('VmHWM') / 1024,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapUsedMb: seen.peakHeapBytes / 2 ** 20,
    peakExternalMb: seen.peakExternalBytes / 2 ** 20,
    wavBytes: summary.files.wav ? fs.statSync(summary.files.wav).size : 0,
    warmUpCpuSeconds,
    eventLoop: seen.eventLoop,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/**
 * Makes `Date.now` and `setTimeout` run `k` times faster, so the engine's Pacer (a fixed 60 s
 * window), stall timer and backoff live in the model's time while the fake server is scaled to
 * match. Real work (decoding, encoding, parsing) is not sped up, so in model time the client's own
 * costs weigh k times more: scaled wall times are pessimistic. CPU per hour is not: the faster
 * stream arrives in fewer, larger reads, which cost less per byte than a real-time stream.
 */
function warpClock(k: number): void {
  const realNow = Date.now.bind(Date);
  const origin = realNow();
  Date.now = () => origin + (realNow() - origin) * k;
  const realSetTimeout = globalThis.setTimeout;
  const warped = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): NodeJS.Timeout =>
    realSetTimeout(fn, (ms ?? 0) / k, ...args);
  globalThis.setTimeout = Object.assign(warped, realSetTimeout) as typeof setTimeout;
}

/** CPU seconds of the children this process has waited for (fields 16 and 17 of /proc/self/stat). */
function childrenCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  // The command name in parentheses may hold spaces; fields are counted after its closing bracket.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return ticks / clockTicks();
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

function statusKb(name: string): number {
  const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
