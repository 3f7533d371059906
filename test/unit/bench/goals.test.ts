import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultModel } from '../../../bench/latencyModel';
import { checkGoals, type BenchResults } from '../../../bench/report';
import type { PipelineFigures } from '../../../bench/scenario';

/** A run that meets every goal but CPU, which is `cpuPerHour`. */
function run(source: string, concurrency: number, speech: boolean, cpuPerHour: number): PipelineFigures {
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
    maxInFlight: concurrency,
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

function cpuGoal(r: BenchResults, output: 'speech' | 'text only') {
  const goal = checkGoals(r).find((g) => g.goal.startsWith('client CPU') && g.goal.includes(`, ${output} (`));
  assert.ok(goal, `no CPU goal for ${output}`);
  return goal;
}

describe('the CPU goal of the benchmark', () => {
  it('judges repeats of one scenario by their median, so one noisy run neither passes nor fails it alone', () => {
    const passing = cpuGoal(results([run('10 min', 4, false, 4.6), run('10 min', 4, false, 6.2), run('10 min', 4, false, 4.8)]), 'text only');
    assert.equal(passing.pass, true);
    assert.match(passing.measured, /^4\.8 s\/h \(median of 4\.6, 6\.2, 4\.8\)/);

    const failing = cpuGoal(results([run('10 min', 4, false, 5.3), run('10 min', 4, false, 4.1), run('10 min', 4, false, 5.1)]), 'text only');
    assert.equal(failing.pass, false);
    assert.match(failing.measured, /^5\.1 s\/h/);
  });

  it('judges different scenarios by the worst of them', () => {
    const goal = cpuGoal(results([run('10 min', 4, true, 4.5), run('10 min', 8, true, 4.9), run('2 h', 4, true, 5.2)]), 'speech');
    assert.equal(goal.pass, false);
    assert.match(goal.measured, /^5\.2 s\/h, 2 h speech c4$/);
    assert.equal(cpuGoal(results([run('10 min', 4, true, 4.5), run('10 min', 8, true, 4.9)]), 'speech').pass, true);
  });
});
