import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cue } from '../../../src/core/subtitles/cue';
import { layoutCues } from '../../../src/core/subtitles/layout';
import type { Span } from '../../../src/core/timeline';
import { alignUnits } from '../../../src/core/subtitles/align';

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Twenty minutes of stretches of 0.8–5 s between pauses of 0.3–3 s, cut into pieces of at most 30 s at pauses. */
function lecture(seed: number, minutes = 20): { stretches: Span[]; pieces: { start: number; end: number; speech: Span[] }[] } {
  const next = random(seed);
  const stretches: Span[] = [];
  for (let t = 0.5; t < minutes * 60; ) {
    const seconds = 0.8 + next() * 4.2;
    stretches.push({ start: t, end: t + seconds });
    t += seconds + 0.3 + next() * 2.7;
  }
  const pieces: { start: number; end: number; speech: Span[] }[] = [];
  let current: Span[] = [];
  for (const s of stretches) {
    if (current.length > 0 && s.end - current[0].start > 30) {
      pieces.push({ start: current[0].start, end: current[current.length - 1].end, speech: current });
      current = [];
    }
    current.push(s);
  }
  pieces.push({ start: current[0].start, end: current[current.length - 1].end, speech: current });
  return { stretches, pieces };
}

const overlap = (c: Cue, s: Span): number => Math.min(c.end, s.end) - Math.max(c.start, s.start);

/** Every sentence's cues overlap its own stretch and no other stretch by more than the tolerance. */
function assertOnOwnSpeech(cues: Cue[], stretches: Span[], sentenceOf: (c: Cue) => number, tolerance = 0.3): void {
  for (const cue of cues) {
    const own = sentenceOf(cue);
    assert.ok(overlap(cue, stretches[own]) > 0, `cue "${cue.text}" (${cue.start}-${cue.end}) misses its stretch ${JSON.stringify(stretches[own])}`);
    stretches.forEach((s, k) => {
      if (k === own) return;
      assert.ok(overlap(cue, s) <= tolerance, `cue "${cue.text}" (${cue.start}-${cue.end}) overlaps stretch ${k} ${JSON.stringify(s)}`);
    });
  }
}

describe('alignment of sentences with stretches of speech', () => {
  const answers: Record<string, (n: number) => string> = {
    en: (n) => `Sentence ${n} has exactly this length here.`,
    zh: (n) => `第${String(n).padStart(3, '0')}句话的长度完全一样。`,
    ja: (n) => `第${String(n).padStart(3, '0')}文はみな同じ長さです。`,
    yue: (n) => `第${String(n).padStart(3, '0')}句嘅長度完全一樣。`,
  };
  for (const [language, sentence] of Object.entries(answers)) {
    it(`puts sentences of one length on their own stretches over 20 minutes (${language})`, () => {
      for (const seed of [1, 2, 3]) {
        const { stretches, pieces } = lecture(seed);
        let n = 0;
        const cues: Cue[] = [];
        const owner = new Map<Cue, number>();
        for (const piece of pieces) {
          const first = n;
          const text = piece.speech.map(() => sentence(++n)).join(language === 'en' ? ' ' : '');
          for (const cue of layoutCues(text, piece, { language })) {
            const k = Number(/(\d+)/u.exec(cue.text)?.[1]) - 1;
            assert.ok(k >= first && k < n, `cue "${cue.text}" has no sentence number of its piece`);
            owner.set(cue, k);
            cues.push(cue);
          }
        }
        assert.equal(cues.length >= stretches.length, true, 'a cue for every sentence');
        assertOnOwnSpeech(cues, stretches, (c) => owner.get(c) as number);
      }
    });
  }

  it('keeps one long sentence over three stretches with short pauses in one or two cues, never an orphan word', () => {
    const sentence = 'When the committee finally met on Tuesday, the members agreed to postpone the decision.';
    for (const pauses of [[0.3, 0.4], [0.6, 0.5], [0.35, 0.8]]) {
      const speech = [
        { start: 1, end: 2.6 },
        { start: 2.6 + pauses[0], end: 4.4 + pauses[0] },
        { start: 4.4 + pauses[0] + pauses[1], end: 6.2 + pauses[0] + pauses[1] },
      ];
      const cues = layoutCues(sentence, { start: 1, end: speech[2].end, speech }, { language: 'en' });
      assert.ok(cues.length >= 1 && cues.length <= 2, `${cues.length} cues: ${JSON.stringify(cues)}`);
      for (const cue of cues) assert.ok(cue.text.split(/\s+/u).length >= 3, `orphan cue "${cue.text}"`);
    }
  });

  it('gives one stretch several short sentences when the text has more sentences than the speech has stretches', () => {
    const blocks = alignUnits(
      [{ weight: 5, breakBefore: 0 }, { weight: 5, breakBefore: 0 }, { weight: 30, breakBefore: 0 }],
      [{ seconds: 1, pauseAfter: 1.2 }, { seconds: 3, pauseAfter: 0 }],
    );
    assert.deepEqual(blocks, [
      { units: [0, 2], stretches: [0, 1] },
      { units: [2, 3], stretches: [1, 2] },
    ]);
  });

  it('lets a sentence cross a long pause only when its text clearly needs both stretches', () => {
    const stretches = [{ seconds: 2, pauseAfter: 0.8 }, { seconds: 2, pauseAfter: 1 }, { seconds: 2, pauseAfter: 0 }];
    // Equal sentences: one a stretch.
    assert.deepEqual(
      alignUnits([1, 1, 1].map((weight) => ({ weight, breakBefore: 0 })), stretches).map((b) => b.stretches),
      [[0, 1], [1, 2], [2, 3]],
    );
    // The first sentence is four times as long as the second: it takes two stretches.
    assert.deepEqual(
      alignUnits([8, 2].map((weight) => ({ weight, breakBefore: 0 })), stretches).map((b) => b.stretches),
      [[0, 2], [2, 3]],
    );
  });
});

describe('reading speed', () => {
  it('gives a cue that reads too fast time from the pause after it, up to half a second past its speech', () => {
    // Two lines of 44 characters in all (the break replaces a space) over 1.8 s of speech read at
    // over 24 a second; English allows 20, so the cue needs 2.2 s.
    const text = 'This sentence is rather quick for its speech.';
    const cues = layoutCues(text, { start: 1, end: 2.8, speech: [{ start: 1, end: 2.8 }] }, { language: 'en' });
    assert.equal(cues.length, 1);
    assert.equal(cues[0].start, 1);
    assert.ok(Math.abs(cues[0].end - 3.2) < 0.002, `ends at ${cues[0].end}`);
  });

  it('takes a little time from a neighbour when the pause is too short, and leaves both on their speech', () => {
    const text = 'Short one. This second sentence is far too long for the little time it has.';
    const speech = [{ start: 0, end: 2.5 }, { start: 2.6, end: 5 }, { start: 5.1, end: 8 }];
    const cues = layoutCues(`${text} And a third one here.`, { start: 0, end: 8, speech }, { language: 'en' });
    for (let i = 1; i < cues.length; i++) assert.ok(cues[i].start - cues[i - 1].end >= 0.083 - 1e-9, 'two-frame gap');
    const second = cues.find((c) => c.text.startsWith('This second'));
    assert.ok(second, JSON.stringify(cues));
    assert.ok(second.start >= 2.6 - 0.3 && second.start <= 2.6 + 0.3, `starts at ${second.start}`);
  });
});
