import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Piece, Span } from '../../../src/core/timeline';
import { firstPieceSeconds, longSilenceSeconds, Segmenter, segmentLevels } from '../../../src/core/source/segment';

const frame = 0.02;

/** Builds synthetic 20 ms levels: speech (with short dips between words) and silence at given levels. */
class Levels {
  readonly values: number[] = [];
  readonly speech: Span[] = [];
  private seed = 7;

  get seconds(): number {
    return this.values.length * frame;
  }

  silence(seconds: number, level = -120, jitter = 0): this {
    for (let i = 0; i < Math.round(seconds / frame); i++) this.values.push(level + (this.random() - 0.5) * 2 * jitter);
    return this;
  }

  /** Words of 0.2–0.5 s at −30…−12 dB with 40–100 ms dips to −70 dB between them. */
  speak(seconds: number, o: { dips?: boolean; floor?: number } = {}): this {
    const start = this.seconds;
    const frames = Math.round(seconds / frame);
    let untilDip = this.wordFrames();
    for (let i = 0; i < frames; i++) {
      if (o.dips !== false && untilDip-- <= 0 && i > 2 && i < frames - 6) {
        const dip = 2 + Math.floor(this.random() * 4);
        for (let d = 0; d < dip && i < frames - 1; d++, i++) this.values.push(o.floor ?? -70);
        untilDip = this.wordFrames();
      }
      this.values.push(-30 + this.random() * 18);
    }
    this.speech.push({ start, end: this.seconds });
    return this;
  }

  private wordFrames(): number {
    return 10 + Math.floor(this.random() * 15);
  }

  random(): number {
    this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
    return this.seed / 0x7fffffff;
  }
}

function checkShape(pieces: Piece[], max: number): void {
  pieces.forEach((p, i) => {
    assert.equal(p.index, i, 'indices count from 0 in order');
    assert.ok(p.end - p.start <= max, `piece ${i} lasts ${p.end - p.start} s > ${max}`);
    assert.ok(p.end > p.start);
    assert.ok(p.speech.length > 0, `piece ${i} has speech`);
    for (const s of p.speech) assert.ok(s.start >= p.start && s.end <= p.end && s.end > s.start, `speech ${JSON.stringify(s)} inside piece ${i}`);
    for (let k = 1; k < p.speech.length; k++) assert.ok(p.speech[k].start >= p.speech[k - 1].end, 'speech in order');
    if (i > 0) assert.ok(p.start >= pieces[i - 1].end, `piece ${i} starts at ${p.start} before ${pieces[i - 1].end}`);
  });
}

/** True when `t` lies inside a sentence (more than `tol` from both its ends). */
function insideSpeech(t: number, speech: Span[], tol = 0.05): boolean {
  return speech.some((s) => t > s.start + tol && t < s.end - tol);
}

describe('Segmenter', () => {
  it('cuts only in pauses and keeps every piece within the maximum', () => {
    const l = new Levels().silence(0.7);
    while (l.seconds < 150) l.speak(2 + l.random() * 4).silence(0.4 + l.random() * 1.2);
    const pieces = segmentLevels(l.values, { maxSeconds: 30 });
    checkShape(pieces, 30);
    assert.ok(pieces.length >= 5, `${pieces.length} pieces`);
    for (const p of pieces) {
      assert.ok(!insideSpeech(p.start, l.speech) && !insideSpeech(p.end, l.speech), `piece ${p.start}–${p.end} cuts a sentence`);
    }
    // Every sentence is inside one piece's speech, edges within a frame or two.
    for (const s of l.speech) {
      const home = pieces.find((p) => p.start <= s.start && p.end >= s.end);
      assert.ok(home, `sentence ${s.start}–${s.end} lies in one piece`);
      const covered = home.speech.filter((x) => x.end > s.start && x.start < s.end);
      assert.ok(Math.abs(covered[0].start - s.start) <= 0.06 && Math.abs(covered[covered.length - 1].end - s.end) <= 0.1, JSON.stringify({ s, covered }));
    }
    // Long pauses come late in the window, so pieces are not needlessly short.
    for (const p of pieces.slice(0, -1)) assert.ok(p.end - p.start >= 12, `piece ${p.index} is only ${p.end - p.start} s`);
  });

  it('makes the first pieces short, cut at a pause, and lets later ones grow to the maximum', () => {
    const l = new Levels().silence(0.7);
    while (l.seconds < 150) l.speak(1.5 + l.random() * 2).silence(0.4 + l.random() * 1.2);
    const pieces = segmentLevels(l.values, { maxSeconds: 30, firstSeconds: firstPieceSeconds });
    checkShape(pieces, 30);
    for (const [i, longest] of firstPieceSeconds.entries()) {
      const p = pieces[i];
      assert.ok(p.end - p.start <= longest && p.end - p.start >= longest / 4, `piece ${i}: ${p.start}–${p.end}, at most ${longest} s`);
    }
    for (const p of pieces) {
      assert.ok(!insideSpeech(p.start, l.speech) && !insideSpeech(p.end, l.speech), `piece ${p.start}–${p.end} cuts a sentence`);
    }
    const later = pieces.slice(firstPieceSeconds.length, -1);
    assert.ok(later.length > 0 && later.every((p) => p.end - p.start > firstPieceSeconds[firstPieceSeconds.length - 1]), 'later pieces grow past the first ones');
  });

  it('leaves out leading and trailing silence, keeping a little padding', () => {
    const l = new Levels().silence(5).speak(3).silence(5);
    const [piece, ...rest] = segmentLevels(l.values, { maxSeconds: 30 });
    assert.equal(rest.length, 0);
    assert.ok(Math.abs(piece.start - 4.8) < 0.06, `starts at ${piece.start}`);
    assert.ok(Math.abs(piece.end - 8.2) < 0.06, `ends at ${piece.end}`);
    assert.ok(Math.abs(piece.speech[0].start - 5) < 0.03 && Math.abs(piece.speech[piece.speech.length - 1].end - 8) < 0.03);
  });

  it('finds no speech in silence, quiet hiss, or lone clicks', () => {
    assert.deepEqual(segmentLevels(new Levels().silence(60).values, { maxSeconds: 30 }), []);
    assert.deepEqual(segmentLevels(new Levels().silence(60, -65, 2).values, { maxSeconds: 30 }), []);
    assert.deepEqual(segmentLevels(new Levels().silence(60, -48, 1.5).values, { maxSeconds: 30 }), []);
    const clicks = new Levels();
    for (let i = 0; i < 20; i++) clicks.silence(1.5).silence(0.06, -10);
    assert.deepEqual(segmentLevels(clicks.values, { maxSeconds: 30 }), []);
  });

  it('cuts at the quietest frame near the maximum when there is no pause at all', () => {
    const l = new Levels().silence(1).speak(80, { dips: false }).silence(1);
    const quiet = Math.round(27.3 / frame);
    l.values[quiet] = -40;
    const pieces = segmentLevels(l.values, { maxSeconds: 30 });
    checkShape(pieces, 30);
    assert.equal(pieces.length, 3);
    assert.ok(Math.abs(pieces[0].end - (quiet + 0.5) * frame) < 1e-6, `first cut at ${pieces[0].end}`);
    assert.equal(pieces[1].start, pieces[0].end, 'cut pieces meet exactly');
    assert.equal(pieces[2].start, pieces[1].end);
    assert.ok(pieces[1].end - pieces[1].start > 30 * 0.75, 'later cuts are near the maximum too');
  });

  it('never cuts inside speech when the window holds any pause, however early', () => {
    const l = new Levels().silence(1).speak(2).silence(0.5).speak(60, { dips: false }).silence(1);
    const pieces = segmentLevels(l.values, { maxSeconds: 30 });
    checkShape(pieces, 30);
    assert.ok(Math.abs(pieces[0].end - 3.25) < 0.06, `first piece ends in the only pause, at ${pieces[0].end}`);
  });

  it('prefers the longest pause in the latter half of the window', () => {
    const l = new Levels().silence(1);
    l.speak(9).silence(1.8); // A long pause early in the window.
    l.speak(6).silence(0.5);
    l.speak(6).silence(1.2); // The longest in the latter half: cut here, at about 24 s.
    l.speak(3).silence(0.6);
    l.speak(20).silence(1);
    const pieces = segmentLevels(l.values, { maxSeconds: 30 });
    checkShape(pieces, 30);
    const pauseStart = l.speech[2].end;
    assert.ok(Math.abs(pieces[0].end - (pauseStart + 0.2)) < 0.06, `cut at ${pieces[0].end}, expected just after ${pauseStart}`);
  });

  it('takes the latest of the latter half\'s sentence-long pauses, so pieces run close to their length', () => {
    const l = new Levels().silence(1);
    l.speak(17).silence(2); // Long, and in the latter half.
    l.speak(8).silence(0.8); // Shorter, but long enough to end a sentence, and later: cut here.
    l.speak(20).silence(1);
    const pieces = segmentLevels(l.values, { maxSeconds: 30 });
    checkShape(pieces, 30);
    const pauseStart = l.speech[1].end;
    assert.ok(Math.abs(pieces[0].end - (pauseStart + 0.2)) < 0.06, `cut at ${pieces[0].end}, expected just after ${pauseStart}`);
  });

  it('ends a piece at a long silence', () => {
    const long = segmentLevels(new Levels().silence(1).speak(3).silence(longSilenceSeconds + 0.5).speak(3).silence(1).values, { maxSeconds: 30 });
    assert.equal(long.length, 2);
    const short = segmentLevels(new Levels().silence(1).speak(3).silence(1).speak(3).silence(1).values, { maxSeconds: 30 });
    assert.equal(short.length, 1);
    assert.equal(short[0].speech.length >= 2, true);
  });

  it('gives padding without overlapping neighbours across short pauses', () => {
    const l = new Levels().silence(0.5);
    while (l.seconds < 70) l.speak(4).silence(0.26);
    const pieces = segmentLevels(l.values, { maxSeconds: 10 });
    checkShape(pieces, 10);
    for (const p of pieces) assert.ok(!insideSpeech(p.start, l.speech) && !insideSpeech(p.end, l.speech));
  });

  it('follows a noise floor: speech over steady hiss is still cut at its pauses', () => {
    const l = new Levels().silence(2, -45, 1.5);
    while (l.seconds < 100) l.speak(3 + l.random() * 3, { floor: -45 }).silence(0.6 + l.random(), -45, 1.5);
    const pieces = segmentLevels(l.values, { maxSeconds: 30 });
    checkShape(pieces, 30);
    assert.ok(pieces.length >= 3);
    for (const p of pieces) assert.ok(!insideSpeech(p.start, l.speech) && !insideSpeech(p.end, l.speech), `${p.start}–${p.end}`);
    const first = pieces[0].speech[0];
    assert.ok(Math.abs(first.start - 2) < 0.1, `speech found at ${first.start}`);
  });

  it('is online: pieces come out while levels are pushed, the same whatever the chunk sizes', () => {
    const l = new Levels().silence(0.5);
    while (l.seconds < 300) l.speak(2 + l.random() * 5).silence(0.3 + l.random() * 2.4);
    const whole = segmentLevels(l.values, { maxSeconds: 20 });
    const s = new Segmenter({ maxSeconds: 20 });
    const online: Piece[] = [];
    let at = 0;
    let beforeFinish = 0;
    while (at < l.values.length) {
      const n = 1 + Math.floor(l.random() * 700);
      online.push(...s.push(Float32Array.from(l.values.slice(at, at + n))));
      at += n;
      beforeFinish = online.length;
    }
    online.push(...s.finish());
    assert.deepEqual(online, whole);
    assert.ok(beforeFinish >= whole.length - 2, `${beforeFinish} of ${whole.length} pieces before finish`);
    checkShape(whole, 20);
  });

  it('keeps memory bounded over two hours of levels', () => {
    const s = new Segmenter({ maxSeconds: 30 });
    const chunk = new Levels();
    while (chunk.seconds < 60) chunk.speak(4).silence(0.8);
    const values = Float32Array.from(chunk.values);
    let pieces = 0;
    for (let i = 0; i < 120; i++) pieces += s.push(values).length;
    pieces += s.finish().length;
    assert.ok(pieces > 240);
    const buffered = (s as unknown as { levels: Float32Array }).levels.length;
    assert.ok(buffered < 8192, `${buffered} levels buffered`);
  });
});
