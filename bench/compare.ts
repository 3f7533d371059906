/**
 * `npm run bench:compare -- --against <other checkout>`: the engine's CPU in this tree against
 * another, run in turn. This machine's speed drifts over an hour by more than most changes save, so
 * two full `npm run bench` runs taken at different times cannot tell whether a change helped; runs
 * of the two trees taken one after the other can.
 *
 *   node out/bench/compare.js --against ../before [--runs 5]
 *
 * The other checkout must be built the same way (`npm ci && npm run compile-tests`). Each run is
 * that tree's own `out/bench/runPipeline.js` on the 10-minute lecture at concurrency 4, against a
 * fresh fake with the default latency model, exactly as `npm run bench` runs it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { makeLongSpeech } from '../test/fakes/media';
import { repoRoot } from './extensionFigures';
import { defaultModel } from './latencyModel';
import { runPipelineScenario, type BenchSource } from './scenario';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { against: { type: 'string' }, runs: { type: 'string', default: '5' } } });
  if (!values.against) {
    process.stderr.write('Name the other checkout: --against <folder>.\n');
    return 2;
  }
  const otherScript = path.resolve(values.against, 'out/bench/runPipeline.js');
  if (!fs.existsSync(otherScript)) {
    process.stderr.write(`${otherScript} does not exist: run npm ci && npm run compile-tests in ${values.against} first.\n`);
    return 2;
  }
  const runs = Number(values.runs);
  const trees = [
    { name: `${path.basename(path.resolve(values.against))} (--against)`, script: otherScript },
    { name: `${path.basename(repoRoot)} (this tree)`, script: path.join(__dirname, 'runPipeline.js') },
  ];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-compare-'));
  try {
    const media = await makeLongSpeech({ dir: work, name: 'lecture-10min', minutes: 10, format: 'mp3' });
    const source: BenchSource = { label: '10 min', file: media.file, durationSeconds: media.durationSeconds, timeScale: 1 };
    const cpu = new Map<string, number[]>();
    for (let i = 1; i <= runs; i++) {
      for (const speech of [false, true]) {
        for (const tree of trees) {
          const run = await runPipelineScenario(source, { concurrency: 4, speech, workDir: work }, defaultModel, tree.script);
          const key = `${tree.name}\t${speech ? 'with speech' : 'text only'}`;
          cpu.set(key, [...(cpu.get(key) ?? []), run.cpuPerHour]);
          say(`run ${i}/${runs}, ${speech ? 'with speech' : 'text only'}, ${tree.name}: ${run.cpuPerHour.toFixed(2)} s of CPU per hour of media`);
        }
      }
    }
    say('');
    say('| tree | output | CPU s/h, each run | mean |');
    say('| --- | --- | --- | --- |');
    for (const [key, values] of cpu) {
      const [tree, output] = key.split('\t');
      const sorted = [...values].sort((a, b) => a - b);
      say(`| ${tree} | ${output} | ${sorted.map((v) => v.toFixed(2)).join(', ')} | ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(2)} |`);
    }
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
