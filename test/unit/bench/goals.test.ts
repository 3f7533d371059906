import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultModel } from '../../../bench/latencyModel';
import { checkGoals, type BenchResults } from '../../../bench/report';
import type { PipelineFigures, TransportFigures } from '../../../bench/scenario';

/** A run that meets every goal but CPU, which is `cpuPerHour`. */
function run(source: string, concurrency: number | 'auto', speech: boolean, cpuPerHour: number): PipelineFigures {
  return {
    source,
    concurrency,
    speech,
    timeScale: 1,
    wallSeconds: 24,
    ideal: { seconds: 23.5, binding: 'server work', workBound: 22.5, budgetFloor: 5 },
    firstCueSeconds: 4.2,
    cpuPerHour,
    cpuPerHourWithFfmpeg: cpuPerHour + 3,
    warmUpCpuPerHour: [],
    peakRssMb: 100,
    requests: 23,
    retries: 0,
    maxInFlight: concurrency === 'auto' ? 32 : concurrency,
    totalTokens: 1000,
    warnings: [],
    raw: {} as PipelineFigures['raw'],
  };
}

function results(runs: PipelineFigures[]): BenchResults {
  return {
    date: '2026-11-29T00:00:00.000Z',
    machine: {},
    model: defaultModel,
    segmentSeconds: 30,
    runs,
    single: [],
    realTimeFirstCues: [],
    transport: [],
    warm: [],
    extension: { productionBytes: 250_000, developmentBytes: 550_000, activations: [], activationMs: 40, method: 'test' },
    totalSeconds: 1,
  };
}

function traffic(source: string, speech: boolean, cpuPerHour: number, concurrency = 4): TransportFigures {
  return { source, timeScale: 1, speech, concurrency, cpuPerHour, requests: 23, reads: 100, mbUp: 1, mbDown: 1 };
}

function cpuGoal(r: BenchResults, scenario: string) {
  const goal = checkGoals(r).find((g) => g.goal.startsWith('engine CPU') && g.goal.includes(scenario));
  assert.ok(goal, `no CPU goal for ${scenario}`);
  return goal;
}

describe('the CPU goal of the benchmark', () => {
  it('judges the engine against the traffic alone, repeats of one scenario by their median', () => {
    const runs = [run('10 min', 4, false, 3.6), run('10 min', 4, false, 5.2), run('10 min', 4, false, 3.8)];
    const passing = cpuGoal({ ...results(runs), transport: [traffic('10 min', false, 2)] }, '10 min text c4');
    assert.equal(passing.pass, true);
    assert.match(passing.measured, /^1\.90x \(3\.8 s\/h, median of 3\.6, 5\.2, 3\.8, against 2\.0 s\/h\)/);
    const failing = cpuGoal({ ...results(runs), transport: [traffic('10 min', false, 1.8)] }, '10 min text c4');
    assert.equal(failing.pass, false);
  });

  it('judges the traffic alone by the median of its repeats too, with one goal per pair', () => {
    const runs = [run('10 min', 4, true, 6.0), run('10 min', 4, true, 6.6), run('10 min', 4, true, 6.4)];
    const r = { ...results(runs), transport: [traffic('10 min', true, 2.9), traffic('10 min', true, 3.4), traffic('10 min', true, 2.4)] };
    assert.equal(checkGoals(r).filter((g) => g.goal.startsWith('engine CPU')).length, 1);
    const goal = cpuGoal(r, '10 min speech c4');
    assert.match(goal.measured, /^2\.21x \(6\.4 s\/h, median of 6\.0, 6\.6, 6\.4, against 2\.9 s\/h, median of 2\.9, 3\.4, 2\.4\)/);
    assert.equal(goal.pass, false);
  });

  it('compares the runs at the defaults where there are any, each source and output on its own', () => {
    const runs = [run('2 h', 4, true, 9), run('2 h', 'auto', true, 5), run('10 min', 4, true, 7)];
    const r = { ...results(runs), transport: [traffic('2 h', true, 3, 6), traffic('10 min', true, 4)] };
    const long = cpuGoal(r, '2 h speech auto');
    assert.match(long.measured, /^1\.67x/);
    assert.equal(long.pass, true);
    assert.equal(cpuGoal(r, '10 min speech c4').pass, true);
  });
});
