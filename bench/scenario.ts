import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Concurrency } from '../src/core/job';
import type { Span } from '../src/core/timeline';
import { cuesOnOwnSpeech } from '../test/fakes/cueOwnership';
import { startFakeApi } from '../test/fakes/fakeApi';
import { fakeOptionsFor, idealFor, serverSeconds, type Ideal, type LatencyModel } from './latencyModel';
import type { FirstCueOutput, PipelineRunInput, PipelineRunOutput } from './runPipeline';
import type { TransportRunInput, TransportRunOutput } from './runTransport';
import { runSingleRequest } from './singleRequest';

const run = promisify(execFile);
const apiKey = 'sk-bench';

/** A source file and how much faster than real time its runs go. */
export interface BenchSource {
  label: string;
  file: string;
  durationSeconds: number;
  timeScale: number;
  /** The true stretches of speech, as generated: what cue timing is measured against. */
  speech?: Span[];
}

/** How one pipeline run is set up. */
export interface RunSetup {
  concurrency: Concurrency;
  /** Translated speech as well as text. */
  speech: boolean;
  /** A folder for the scratch files of this run (outputs and the piece cache). */
  workDir: string;
  /** Translations of the same file in the same process before the measured one (a warm engine). */
  warmUps?: number;
}

/** One pipeline run, with every time in model seconds (real seconds × time scale). */
export interface PipelineFigures {
  source: string;
  concurrency: Concurrency;
  speech: boolean;
  timeScale: number;
  wallSeconds: number;
  ideal: Ideal;
  firstCueSeconds: number | undefined;
  /** Engine CPU (the node process), and the same plus its children (ffprobe, ffmpeg), per hour of media. */
  cpuPerHour: number;
  cpuPerHourWithFfmpeg: number;
  /** The warm-up translations' own CPU per hour of media, in order, when any were asked for. */
  warmUpCpuPerHour: number[];
  peakRssMb: number;
  requests: number;
  retries: number;
  maxInFlight: number;
  totalTokens: number;
  /** The engine's event-loop delay over the run (perf_hooks.monitorEventLoopDelay), in milliseconds. */
  eventLoop?: EventLoopFigures;
  /** The share of the run's cues that overlap their own stretch of speech and no other (more than 0.3 s), of how many. */
  cuesOnOwnSpeech?: { share: number; cues: number; misses: string[] };
  /** Warnings the engine printed on stderr (Node's process warnings, for example). */
  warnings: string[];
  raw: PipelineRunOutput;
}

/** An event loop's delay: the median, the 99th percentile and the largest, in milliseconds. */
export interface EventLoopFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The documented single request for the whole file, run or computed from the model. */
export interface SingleFigures {
  source: string;
  wallSeconds: number;
  how: 'run' | 'computed';
  firstTextSeconds?: number;
  finishReason?: string;
  dataUrlBytes?: number;
}

/**
 * Runs the engine on `source` in a child process (runPipeline.js) against a fresh fake server with
 * the model's timing and budgets, so every run starts with an empty budget window. The piece cache
 * is on (in a fresh folder) as in the extension's defaults.
 */
export async function runPipelineScenario(source: BenchSource, setup: RunSetup, model: LatencyModel, script = pipelineScript): Promise<PipelineFigures> {
  const fake = await startFakeApi({ apiKey, ...fakeOptionsFor(model, source.timeScale) });
  const dir = fs.mkdtempSync(path.join(setup.workDir, 'run-'));
  try {
    const { stdout, stderr } = await runChild(pipelineInput(source, setup, model, fake.baseUrl, dir), script);
    const raw = JSON.parse(stdout) as PipelineRunOutput;
    const hours = source.durationSeconds / 3600;
    const record = fs.readdirSync(dir).find((f) => f.endsWith('.json'));
    const timing = record && source.speech ? cuesOnOwnSpeech(JSON.parse(fs.readFileSync(path.join(dir, record), 'utf8')), source.speech) : undefined;
    return {
      source: source.label,
      concurrency: setup.concurrency,
      speech: setup.speech,
      timeScale: source.timeScale,
      wallSeconds: (raw.wallMs / 1000) * source.timeScale,
      ideal: idealFor(model, fake.requests, raw.totalTokens, setup.concurrency),
      firstCueSeconds: raw.firstCueMs === undefined ? undefined : (raw.firstCueMs / 1000) * source.timeScale,
      cpuPerHour: raw.cpuSelfSeconds / hours,
      cpuPerHourWithFfmpeg: (raw.cpuSelfSeconds + raw.cpuChildrenSeconds) / hours,
      warmUpCpuPerHour: (raw.warmUpCpuSeconds ?? []).map((s) => s / hours),
      peakRssMb: raw.peakRssMb,
      requests: raw.requests,
      retries: raw.retries,
      maxInFlight: fake.maxInFlight,
      totalTokens: raw.totalTokens,
      eventLoop: raw.eventLoop,
      cuesOnOwnSpeech: timing && { share: timing.onOwn / Math.max(1, timing.cues), cues: timing.cues, misses: timing.misses.slice(0, 5) },
      warnings: [...new Set(stderr.split('\n').filter((l) => /Warning/.test(l)).map((l) => l.replace(/^\(node:\d+\) /, '')))],
      raw,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await fake.close();
  }
}

/**
 * The first cue of `source` in real time (no scaling): a run stopped as soon as the first cue is
 * out, so that a long source's first cue is measured without running it to the end.
 */
export async function firstCueScenario(source: BenchSource, setup: RunSetup, model: LatencyModel): Promise<number | undefined> {
  const fake = await startFakeApi({ apiKey, ...fakeOptionsFor(model, 1) });
  const dir = fs.mkdtempSync(path.join(setup.workDir, 'cue-'));
  try {
    const input = { ...pipelineInput({ ...source, timeScale: 1 }, setup, model, fake.baseUrl, dir), stopAfterFirstCue: true };
    const out = JSON.parse((await runChild(input)).stdout) as FirstCueOutput;
    return out.firstCueMs === undefined ? undefined : out.firstCueMs / 1000;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await fake.close();
  }
}

/**
 * The single request for the whole file on the same kind of server. With `run` false it is
 * computed instead: the fake's time for it is exactly time to first token plus the work for the
 * file's seconds, and a two-hour request would take twelve minutes at the default model.
 */
export async function singleRequestScenario(source: BenchSource, model: LatencyModel, run: boolean): Promise<SingleFigures> {
  if (!run) return { source: source.label, wallSeconds: serverSeconds(model, source.durationSeconds), how: 'computed' };
  // The same server, except that it accepts a data URL above the documented 10 MB cap, which the
  // real API would reject; its answer is cut off at the output limit, as the real API's would be.
  const fake = await startFakeApi({ apiKey, ...fakeOptionsFor(model, source.timeScale), maxDataUrlBytes: Infinity });
  try {
    const r = await runSingleRequest(source.file, { baseUrl: fake.baseUrl, apiKey });
    return {
      source: source.label,
      wallSeconds: (r.wallMs / 1000) * source.timeScale,
      how: 'run',
      firstTextSeconds: r.firstTextMs === undefined ? undefined : (r.firstTextMs / 1000) * source.timeScale,
      finishReason: r.finishReason,
      dataUrlBytes: r.dataUrlBytes,
    };
  } finally {
    await fake.close();
  }
}

function pipelineInput(source: BenchSource, setup: RunSetup, model: LatencyModel, baseUrl: string, dir: string): PipelineRunInput {
  return {
    input: source.file,
    outDir: dir,
    cacheDir: path.join(dir, 'cache'),
    baseUrl,
    apiKey,
    concurrency: setup.concurrency,
    tokensPerMinute: model.tokensPerMinute,
    requestsPerMinute: model.requestsPerMinute,
    timeScale: source.timeScale,
    speech: setup.speech,
    warmUps: setup.warmUps,
  };
}

/** This tree's pipeline run; `bench/compare.ts` passes another tree's. */
const pipelineScript = path.join(__dirname, 'runPipeline.js');

/** Runs runPipeline.js and returns its one line of JSON and its stderr. */
async function runChild(input: PipelineRunInput, script = pipelineScript): Promise<{ stdout: string; stderr: string }> {
  const child = await run(process.execPath, [script, JSON.stringify(input)], { maxBuffer: 1 << 20 }).catch((e: { stderr?: string; message: string }) => {
    throw new Error(`The run of ${path.basename(input.input)} at concurrency ${input.concurrency} failed: ${e.stderr || e.message}`);
  });
  return { stdout: child.stdout.trim().split('\n').pop() as string, stderr: child.stderr };
}

/** What the API traffic of a run costs on its own: CPU per hour of media, with the traffic's size. */
export interface TransportFigures {
  source: string;
  timeScale: number;
  speech: boolean;
  concurrency: number;
  cpuPerHour: number;
  requests: number;
  reads: number;
  mbUp: number;
  mbDown: number;
}

/**
 * The same requests as a pipeline run, through the same SDK client to a fresh fake with the same
 * model, answers drained unparsed (runTransport.js): the CPU no client on this stack can go below.
 */
export async function transportScenario(source: BenchSource, setup: { concurrency: number; speech: boolean }, model: LatencyModel): Promise<TransportFigures> {
  const fake = await startFakeApi({ apiKey, ...fakeOptionsFor(model, source.timeScale) });
  try {
    const input: TransportRunInput = { input: source.file, baseUrl: fake.baseUrl, apiKey, concurrency: setup.concurrency, speech: setup.speech };
    const script = path.join(__dirname, 'runTransport.js');
    const child = await run(process.execPath, [script, JSON.stringify(input)], { maxBuffer: 1 << 20 }).catch((e: { stderr?: string; message: string }) => {
      throw new Error(`The transport run of ${path.basename(source.file)} failed: ${e.stderr || e.message}`);
    });
    const raw = JSON.parse(child.stdout.trim().split('\n').pop() as string) as TransportRunOutput;
    return {
      source: source.label,
      timeScale: source.timeScale,
      speech: setup.speech,
      concurrency: setup.concurrency,
      cpuPerHour: raw.cpuSeconds / (source.durationSeconds / 3600),
      requests: raw.requests,
      reads: raw.reads,
      mbUp: raw.bytesUp / 1e6,
      mbDown: raw.bytesDown / 1e6,
    };
  } finally {
    await fake.close();
  }
}
