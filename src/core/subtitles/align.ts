/**
 * One unit of an answer's text to be placed on the speech: a sentence, or the part of one that fits
 * a cue. `breakBefore` is what a cue boundary just before it costs as a place to cut the text
 * (`breakCost`: 0 after a sentence, about 2 after a clause, 30 at a plain word), and is ignored for
 * the first unit.
 */
export interface AlignUnit {
  weight: number;
  breakBefore: number;
}

/** A stretch of speech and the pause that follows it (0 for the last). */
export interface AlignStretch {
  seconds: number;
  pauseAfter: number;
}

/**
 * A run of units given a run of stretches: several units may share one stretch, or one unit may
 * cover several stretches, never both. `units` and `stretches` are [first, last + 1) index pairs.
 */
export interface AlignedBlock {
  units: [number, number];
  stretches: [number, number];
}

/**
 * Assigns units to stretches in order, so that cue boundaries fall in the speaker's pauses.
 *
 * A monotone alignment by dynamic programming over unit boundaries and pauses: every block starts
 * and ends at a pause, so the only freedom is which pause each unit boundary goes to. It weighs a
 * block's share of the text against its share of the speech (weakly: a translation's sentences are
 * seldom as long as the speech they translate), charges a unit for every pause it crosses (much
 * more from half a second up, more for longer pauses), and charges a block boundary that cuts a
 * sentence by how bad a place it is to cut. A stretch may hold several short sentences; a sentence
 * crosses a long pause only when its text clearly needs the time of more than one stretch.
 */
export function alignUnits(units: readonly AlignUnit[], stretches: readonly AlignStretch[]): AlignedBlock[] {
  const n = units.length;
  const m = stretches.length;
  if (n === 0 || m === 0) return [];
  if (m === 1) return [{ units: [0, n], stretches: [0, 1] }];
  const totalWeight = units.reduce((a, u) => a + u.weight, 0);
  const totalSpeech = stretches.reduce((a, s) => a + s.seconds, 0);
  const secondsPerWeight = totalSpeech / Math.max(totalWeight, 1e-9);
  const weightTo = prefix(units.map((u) => u.weight));
  const speechTo = prefix(stretches.map((s) => s.seconds));

  // best[i][j]: the least cost of placing the first i units on the first j stretches.
  const best: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1).fill(Infinity));
  const from: Int32Array[] = Array.from({ length: n + 1 }, () => new Int32Array(m + 1).fill(-1));
  best[0][0] = 0;
  const blockCost = (i0: number, i1: number, j0: number, j1: number): number => {
    const text = (weightTo[i1] - weightTo[i0]) * secondsPerWeight;
    const speech = speechTo[j1] - speechTo[j0];
    let cost = mismatchWeight * Math.log((text + slackSeconds) / (speech + slackSeconds)) ** 2;
    for (let j = j0; j < j1 - 1; j++) cost += crossCost(stretches[j].pauseAfter);
    if (i0 > 0) cost += cutCost(units[i0].breakBefore);
    return cost;
  };
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      let cost = Infinity;
      let pick = -1;
      // Several units (k of them) in stretch j alone.
      for (let k = 1; k <= i; k++) {
        const before = best[i - k][j - 1];
        if (before === Infinity) continue;
        const c = before + blockCost(i - k, i, j - 1, j);
        if (c < cost) [cost, pick] = [c, encode(k, 1)];
      }
      // Unit i alone over r stretches.
      for (let r = 2; r <= j; r++) {
        const before = best[i - 1][j - r];
        if (before === Infinity) continue;
        const c = before + blockCost(i - 1, i, j - r, j);
        if (c < cost) [cost, pick] = [c, encode(1, r)];
      }
      best[i][j] = cost;
      from[i][j] = pick;
    }
  }
  const blocks: AlignedBlock[] = [];
  for (let i = n, j = m; i > 0 || j > 0; ) {
    const { k, r } = decode(from[i][j]);
    blocks.unshift({ units: [i - k, i], stretches: [j - r, j] });
    i -= k;
    j -= r;
  }
  return blocks;
}

/** How much the text-against-speech share counts beside the pauses. */
const mismatchWeight = 0.5;
/** Seconds added to both sides of that ratio, so very short stretches do not dominate it. */
const slackSeconds = 0.5;
/** From this long on, a pause is one a sentence crosses only when its text needs the time. */
const longPauseSeconds = 0.5;

/** What it costs a unit to run across a pause: little for a breath, much for a real pause. */
function crossCost(pause: number): number {
  if (pause < longPauseSeconds) return 0.3 + 2 * pause;
  return 2 + 2 * Math.min(pause, 5);
}

/** What a block boundary inside a sentence costs: nothing after a sentence, more inside a clause. */
function cutCost(breakBefore: number): number {
  return 0.04 * breakBefore;
}

function prefix(values: number[]): number[] {
  const out = [0];
  for (const v of values) out.push(out[out.length - 1] + v);
  return out;
}

function encode(k: number, r: number): number {
  return k * 65_536 + r;
}

function decode(code: number): { k: number; r: number } {
  return { k: Math.floor(code / 65_536), r: code % 65_536 };
}
