import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What the probes saw over a run: memory peaks in bytes, and the event loop's delay in milliseconds. */
export interface ProbeFigures {
  peakHeapBytes: number;
  peakExternalBytes: number;
  eventLoop: { p50Ms: number; p99Ms: number; maxMs: number };
}

/** How often memory is sampled, and the event-loop monitor's timer. */
const memoryEveryMs = 100;
const loopResolutionMs = 10;

/**
 * Starts the measurements a bench child runs beside its work: a memory sampler and an event-loop
 * delay monitor. Both wake the process many times a second, which costs CPU of its own, so the
 * engine's runs and the traffic-alone runs that their CPU is set against carry the same probes:
 * the ratio then compares the two kinds of work, not the probes.
 */
export function startProbes(): { stop(): ProbeFigures } {
  const peaks = { heap: 0, external: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peaks.heap = Math.max(peaks.heap, m.heapUsed);
    peaks.external = Math.max(peaks.external, m.external);
  }, memoryEveryMs);
  sampler.unref();
  const loop = monitorEventLoopDelay({ resolution: loopResolutionMs });
  loop.enable();
  return {
    stop() {
      loop.disable();
      clearInterval(sampler);
      // Node 20's histogram counts its sampling period into every value; the delay is what is left.
      const delay = (ns: number): number => Math.max(0, ns / 1e6 - loopResolutionMs);
      return {
        peakHeapBytes: peaks.heap,
        peakExternalBytes: peaks.external,
        eventLoop: { p50Ms: delay(loop.percentile(50)), p99Ms: delay(loop.percentile(99)), maxMs: delay(loop.max) },
      };
    },
  };
}
