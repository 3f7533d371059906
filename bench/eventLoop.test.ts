/**
 * Not a test of behaviour: a measurement the benchmark runs in a real extension host (code-server,
 * through test/vscode/host/runCodeServer.mjs --suite-dir). It translates a file the way the
 * extension's commands do (src/vscode/run/runTranslation.ts with every display of the run, and
 * src/vscode/run/engine.ts: the engine on its own worker thread, or on the host's thread when the
 * input's `onHost` is set), against the fake server the benchmark runs in its own process, and
 * records the host's event-loop delay over the run
 * (perf_hooks.monitorEventLoopDelay): how long any other extension's work, or the host's own
 * messages to the editor, could have waited behind ours.
 *
 * Reads its setup from the JSON file named by MT_BENCH_EVENTLOOP_IN and writes the figures to
 * MT_BENCH_EVENTLOOP_OUT.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { monitorEventLoopDelay, performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { TranslateEvent } from '../src/core/events';
import type { Services } from '../src/vscode/services';

/** What the benchmark asks for. */
export interface EventLoopInput {
  /** The compiled sources of the tree under test: its out/src. */
  outSrc: string;
  /** Run the engine on the host's own thread instead of its worker, for comparison. */
  onHost?: boolean;
  input: string;
  outDir: string;
  cacheDir: string;
  baseUrl: string;
  apiKey: string;
  /** The fake's budget window, in seconds, so the engine's pacer keeps the same window. */
  rateWindowSeconds: number;
  speech: boolean;
}

/** What it measured. */
export interface EventLoopFigure {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The same, sampled while the host sat idle for a few seconds before the run: the host's own floor. */
  idle: { p50Ms: number; p99Ms: number; maxMs: number };
  wallMs: number;
  pieces: number;
  requests: number;
  retries: number;
  vscodeVersion: string;
  /** CPU time the host's main thread spent over the run (Linux), whatever ran on it: ours, VS Code's, other extensions'. */
  hostThreadCpuMs?: number;
  /** The longest stalls of the run, longest first, with when they happened: what to look at when the maximum is high. */
  stalls?: Stall[];
}

/** One stretch in which the host's thread ran nothing else for longer than `stallMs`. */
export interface Stall {
  /** When it began, from the start of the run. */
  atMs: number;
  ms: number;
  /** Where the run was: events received so far, the last one's type, and any garbage collection in the stretch. */
  during: string;
}

type Histogram = ReturnType<typeof monitorEventLoopDelay>;

/** The sampling timer's period; Node 20's histogram counts it into every value, so it is taken off. */
const resolutionMs = 10;

/** A gap of the stall watch's own timer longer than this (beyond its period) is recorded as a stall. */
const stallMs = 40;

/**
 * Watches the thread with its own timer and notes every long gap with where the run was, and the
 * garbage collections that overlapped it, so that a high maximum can be traced to its cause.
 */
class StallWatch {
  private readonly stalls: Array<Stall & { from: number; to: number }> = [];
  private readonly sampler = process.platform === 'linux' ? new Worker(sleepSampler, { eval: true, workerData: { pid: process.pid } }) : undefined;
  private readonly gcs: Array<{ start: number; ms: number; kind: number }> = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.gcs.push({ start: e.startTime, ms: e.duration, kind: ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0) });
  });
  private readonly timer: NodeJS.Timeout;
  private last = performance.now();
  private lastSched = threadSched();
  private events = 0;
  private lastType = 'none';

  constructor(private readonly started: number) {
    this.observer.observe({ entryTypes: ['gc'] });
    this.timer = setInterval(() => this.tick(), resolutionMs);
  }

  saw(type: string): void {
    this.events++;
    this.lastType = type;
  }

  async stop(): Promise<Stall[]> {
    clearInterval(this.timer);
    this.observer.disconnect();
    const samples = this.sampler
      ? await new Promise<Array<{ at: number; what: string }>>((resolve) => {
          this.sampler?.once('message', resolve);
          this.sampler?.postMessage('stop');
        })
      : [];
    await this.sampler?.terminate();
    return this.stalls
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8)
      .map(({ from, to, ...stall }) => {
        const slept = sleptIn(samples, from, to);
        return slept ? { ...stall, during: `${stall.during}; asleep in ${slept}` } : stall;
      });
  }

  private tick(): void {
    const now = performance.now();
    const sched = threadSched();
    const gap = now - this.last - resolutionMs;
    if (gap > stallMs) {
      const gc = this.gcs.filter((g) => g.start < now && g.start + g.ms > this.last);
      const gcText = gc.length ? `; gc ${gc.map((g) => `${g.ms.toFixed(0)} ms (kind ${g.kind})`).join(', ')}` : '';
      const where = this.events === 0 ? 'before the first event' : `${this.events} events in, the last a ${this.lastType}`;
      const ran = sched && this.lastSched ? sched.runMs - this.lastSched.runMs : undefined;
      const waited = sched && this.lastSched ? sched.waitMs - this.lastSched.waitMs : undefined;
      // What is neither is time the thread slept: blocked in a system call or on a lock.
      const schedText = ran !== undefined && waited !== undefined
        ? `; ran ${ran.toFixed(0)} ms, waited ${waited.toFixed(0)} ms for a core, slept ${Math.max(0, now - this.last - ran - waited).toFixed(0)} ms`
        : '';
      const origin = performance.timeOrigin;
      this.stalls.push({ atMs: this.last - this.started, ms: gap, during: `${where}${schedText}${gcText}`, from: origin + this.last, to: origin + now });
    }
    this.last = now;
    this.lastSched = sched;
  }
}

/**
 * The same correction as in probes.ts' `stop`, written again: the harness runs this file alone,
 * copied into a suite folder of its own, where probes.ts cannot be imported.
 */
function figures(h: Histogram): { p50Ms: number; p99Ms: number; maxMs: number } {
  const delay = (ns: number): number => Math.max(0, ns / 1e6 - resolutionMs);
  return { p50Ms: delay(h.percentile(50)), p99Ms: delay(h.percentile(99)), maxMs: delay(h.max) };
}

/**
 * How long the host's main thread has run, and waited in the run queue for a core, from Linux's
 * schedstat; undefined elsewhere. It tells a stall of our own work from one of a busy machine.
 */
function threadSched(): { runMs: number; waitMs: number } | undefined {
  try {
    const [run, wait] = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { runMs: run / 1e6, waitMs: wait / 1e6 };
  } catch {
    return undefined;
  }
}

/**
 * A thread that looks at the host's main thread every few milliseconds and notes where it sleeps
 * (Linux: its state and the kernel function it waits in), so that a stall in which the thread
 * neither ran nor waited for a core can be put down to its cause: a lock, a disk, a collection.
 */
const sleepSampler = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const base = '/proc/' + workerData.pid + '/task/' + workerData.pid + '/';
const samples = [];
let on = true;
parentPort.on('message', () => { on = false; });
const read = (f) => { try { return fs.readFileSync(base + f, 'utf8'); } catch { return ''; } };
(function tick() {
  if (!on) return parentPort.postMessage(samples);
  const state = read('stat').split(') ')[1]?.[0] ?? '?';
  if (state !== 'R') samples.push({ at: performance.timeOrigin + performance.now(), what: state + ' ' + read('wchan') + ' ' + read('syscall').split(' ')[0] });
  setTimeout(tick, 2);
})();
`;

/** Where the main thread slept between `from` and `to` (absolute ms), as the most frequent places. */
function sleptIn(samples: Array<{ at: number; what: string }>, from: number, to: number): string {
  const counts = new Map<string, number>();
  for (const x of samples) if (x.at >= from && x.at <= to) counts.set(x.what, (counts.get(x.what) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([w, n]) => `${w} ×${n}`).join(', ');
}

describe('benchmark: event-loop delay', () => {
  it('translates a long file as the extension does and records the delay on its thread', async function () {
    this.timeout(20 * 60_000);
    const o = JSON.parse(fs.readFileSync(process.env.MT_BENCH_EVENTLOOP_IN as string, 'utf8')) as EventLoopInput;
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { buildJob } = require(`${o.outSrc}/core/job`) as typeof import('../src/core/job');
    const { translate } = require(`${o.outSrc}/core/translate`) as typeof import('../src/core/translate');
    const { translateLazily } = require(`${o.outSrc}/vscode/run/engine`) as typeof import('../src/vscode/run/engine');
    const { runTranslation } = require(`${o.outSrc}/vscode/run/runTranslation`) as typeof import('../src/vscode/run/runTranslation');
    const { LiveDocuments } = require(`${o.outSrc}/vscode/run/liveDocuments`) as typeof import('../src/vscode/run/liveDocuments');
    const { RunRegistry } = require(`${o.outSrc}/vscode/run/runRegistry`) as typeof import('../src/vscode/run/runRegistry');
    const { Log } = require(`${o.outSrc}/vscode/log`) as typeof import('../src/vscode/log');
    const { Transcript } = require(`${o.outSrc}/vscode/transcript`) as typeof import('../src/vscode/transcript');
    /* eslint-enable @typescript-eslint/no-require-imports */
    // The services a translation command hands to runTranslation, so every display of the run (the
    // notification, the transcript channel, the log, the status bar and the growing editor tab)
    // handles the events on this thread as it does for a person.
    // The extension is active by the time a command runs, and its subtitle features see the live tab.
    await vscode.extensions.getExtension('media-translate.media-translate')?.activate();
    const live = new LiveDocuments();
    const services = {
      log: new Log(vscode.window.createOutputChannel('Media Translate Log (bench)', { log: true })),
      transcript: new Transcript(vscode.window.createOutputChannel('Media Translate (bench)')),
      runs: new RunRegistry(),
      live,
      firstRun: { translated: () => undefined },
    } as unknown as Services;
    const disposables = [services.log, services.transcript, services.runs, live, vscode.workspace.registerTextDocumentContentProvider(LiveDocuments.scheme, live)];
    const idle = monitorEventLoopDelay({ resolution: resolutionMs });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    idle.disable();
    const job = buildJob({
      input: o.input,
      targetLanguage: 'fr',
      speech: o.speech ? 'Cherry' : undefined,
      formats: o.speech ? ['srt', 'txt', 'wav', 'json'] : ['srt', 'txt', 'json'],
      outDir: o.outDir,
      ifExists: 'overwrite',
      apiKey: o.apiKey,
      baseUrl: o.baseUrl,
      policy: { rateWindowSeconds: o.rateWindowSeconds },
      cacheDir: o.cacheDir,
    });
    const loop = monitorEventLoopDelay({ resolution: resolutionMs });
    loop.enable();
    const started = performance.now();
    const watch = new StallWatch(started);
    const cpuBefore = threadSched();
    const engine = o.onHost ? translate : translateLazily;
    async function* watched(signal: AbortSignal): AsyncGenerator<TranslateEvent> {
      for await (const ev of engine(job, signal)) {
        watch.saw(ev.type);
        yield ev;
      }
    }
    const name = path.basename(o.input);
    let summary;
    try {
      summary = await runTranslation(services, { name, languageName: 'French', liveName: `${name}.fr.srt`, openAfter: 'srt', openIn: 'active', start: watched });
    } finally {
      for (const d of disposables) d.dispose();
    }
    loop.disable();
    const cpuAfter = threadSched();
    const stalls = await watch.stop();
    const figure: EventLoopFigure = {
      ...figures(loop),
      idle: figures(idle),
      wallMs: performance.now() - started,
      pieces: summary.pieces,
      requests: summary.requests,
      retries: summary.retries,
      vscodeVersion: vscode.version,
      hostThreadCpuMs: cpuBefore && cpuAfter ? cpuAfter.runMs - cpuBefore.runMs : undefined,
      stalls,
    };
    fs.writeFileSync(process.env.MT_BENCH_EVENTLOOP_OUT as string, JSON.stringify(figure));
  });
});
