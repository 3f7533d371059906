/**
 * `npm run bench:activation`: only the activation figure of `npm run bench`, in a minute instead of
 * a quarter of an hour, for work on the extension's start-up. Builds the production bundle in a
 * temporary copy and times the first `ext.activate()` in fresh code-server sessions, exactly as the
 * full benchmark does (`bench/extensionFigures.ts`), printing every session's figure.
 *
 *   node out/bench/activation.js [--sessions 3] [--rounds 1] [--against <other checkout>] [--profile <folder>]
 *
 * A round is `--sessions` sessions, judged as the benchmark judges them (their median). With
 * `--against`, the other checkout's bundle is built too and the two trees take turns, session by
 * session, so the machine's drift falls on both alike; the other checkout needs its node_modules.
 * `--profile` writes a CPU profile of each activation into the folder (open it in Chromium's
 * DevTools); the profiler slows activation, so those sessions' figures are not comparable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { activateOnce, ensureCodeServer, median, productionCopy, repoRoot, type ProductionCopy } from './extensionFigures';

interface Tree {
  name: string;
  /** The tree's folder name, for file names. */
  label: string;
  copy: ProductionCopy;
  /** Each round's median. */
  medians: number[];
  all: number[];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { sessions: { type: 'string', default: '3' }, rounds: { type: 'string', default: '1' }, against: { type: 'string' }, profile: { type: 'string' } },
  });
  const profiles = values.profile ? path.resolve(values.profile) : undefined;
  if (profiles) fs.mkdirSync(profiles, { recursive: true });
  const sessions = Math.max(1, Number(values.sessions));
  const rounds = Math.max(1, Number(values.rounds));
  const sources = [repoRoot];
  if (values.against) {
    const other = path.resolve(values.against);
    if (!fs.existsSync(path.join(other, 'node_modules'))) {
      process.stderr.write(`${other} has no node_modules: run npm ci there first.\n`);
      return 2;
    }
    sources.unshift(other);
  }
  await ensureCodeServer();
  const trees: Tree[] = [];
  try {
    for (const source of sources) {
      const copy = await productionCopy(source);
      const name = `${path.basename(source)}${source === repoRoot ? ' (this tree)' : ' (--against)'}`;
      say(`${name}: production bundle ${(copy.productionBytes / 1024).toFixed(1)} KB`);
      trees.push({ name, label: path.basename(source), copy, medians: [], all: [] });
    }
    for (let round = 1; round <= rounds; round++) {
      const figures = new Map<Tree, number[]>(trees.map((t) => [t, []]));
      for (let i = 1; i <= sessions; i++) {
        for (const tree of trees) {
          const profile = profiles && path.join(profiles, `${tree.label}-${round}-${i}.cpuprofile`);
          const figure = await activateOnce(tree.copy.root, profile);
          if (figure.wasActive) throw new Error('the extension was already active before the measurement');
          figures.get(tree)?.push(figure.activationMs);
          say(`round ${round}/${rounds}, session ${i}/${sessions}, ${tree.name}: ${figure.activationMs.toFixed(1)} ms (VS Code ${figure.vscodeVersion})${profile ? `, profile ${profile}` : ''}`);
        }
      }
      for (const [tree, times] of figures) {
        const m = median(times) ?? NaN;
        tree.medians.push(m);
        tree.all.push(...times);
        say(`round ${round}/${rounds}, ${tree.name}: median ${m.toFixed(1)} ms (${times.map((t) => t.toFixed(1)).join(', ')} ms)`);
      }
    }
  } finally {
    for (const tree of trees) tree.copy.remove();
  }
  say('');
  say(`| tree | median of each round, ms | median of all ${sessions * rounds} sessions, ms | fastest, slowest ms |`);
  say('| --- | --- | --- | --- |');
  for (const t of trees) {
    const all = [...t.all].sort((a, b) => a - b);
    say(`| ${t.name} | ${t.medians.map((m) => m.toFixed(1)).join(', ')} | ${median(all)?.toFixed(1)} | ${all[0].toFixed(1)}, ${all[all.length - 1].toFixed(1)} |`);
  }
  return 0;
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
