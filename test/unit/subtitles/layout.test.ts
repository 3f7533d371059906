import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineLength } from '../../../src/core/options/languages';
import type { Cue } from '../../../src/core/subtitles/cue';
import { cueWeight, joinCues, layoutCues } from '../../../src/core/subtitles/layout';
import type { Piece, Span } from '../../../src/core/timeline';

type PieceTiming = Pick<Piece, 'start' | 'end' | 'speech'>;

/** What a viewer would check in any track: fit, order, gaps and bounds. */
function assertWellFormed(cues: Cue[], piece: PieceTiming, language: string, minGap = 0.083): void {
  const limit = lineLength(language);
  cues.forEach((cue, i) => {
    const lines = cue.text.split('\n');
    assert.ok(lines.length <= 2, `cue ${i} has ${lines.length} lines: ${JSON.stringify(cue.text)}`);
    for (const line of lines) {
      assert.ok(line.trim().length > 0, `cue ${i} has an empty line`);
      assert.ok(Array.from(line).length <= limit, `cue ${i} line over ${limit}: ${JSON.stringify(line)}`);
    }
    assert.ok(cue.end > cue.start, `cue ${i} ends before it starts`);
    assert.ok(cue.start >= piece.start - 1e-9, `cue ${i} starts before the piece`);
    assert.ok(cue.end <= piece.end + 0.5 + 1e-9, `cue ${i} ends more than 0.5 s after the piece`);
    if (i > 0) {
      const prev = cues[i - 1];
      assert.ok(cue.start >= prev.start, `cue ${i} is out of order`);
      assert.ok(cue.start - prev.end >= minGap - 1e-9, `gap before cue ${i} is ${(cue.start - prev.end).toFixed(3)} s`);
    }
  });
}

function assertDurations(cues: Cue[], min = 1, max = 7): void {
  for (const cue of cues) {
    const d = cue.end - cue.start;
    assert.ok(d >= min - 1e-9 && d <= max + 1e-9, `${JSON.stringify(cue.text)} lasts ${d.toFixed(3)} s`);
  }
}

/** The cues' words in order, with lines joined and hyphens of cut words removed. */
function latinText(cues: Cue[]): string {
  return cues
    .map((c) => c.text)
    .join('\n')
    .replace(/-\n/g, '')
    .replace(/\s+/g, ' ');
}

const english =
  'The committee met on Tuesday to discuss the budget. After a long debate, which lasted well into the evening, ' +
  'the members agreed to postpone the decision until the next meeting, because several important figures were ' +
  'still missing from the report. Everyone went home tired but hopeful.';

const german =
  'Die Donaudampfschifffahrtsgesellschaftskapitänsmütze lag auf dem Tisch, während die ' +
  'Rechtsschutzversicherungsgesellschaften über das Arbeitnehmerentsendegesetz und die ' +
  'Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung diskutierten.';

const chinese =
  '今天天气很好，我们一起去公园散步吧。公园里有很多人在跑步、打太极拳和放风筝，孩子们在草地上玩耍，' +
  '老人们坐在长椅上聊天。我们走了一个小时以后，在湖边的咖啡馆里喝了一杯茶，然后慢慢地走回家。';

const japanese =
  '今日はとても良い天気なので、私たちは公園に散歩に行きました。公園にはたくさんの人がいて、' +
  '子供たちは芝生の上で元気に遊んでいました。帰りに駅前の喫茶店でコーヒーを飲みました。';

describe('layoutCues: line layout', () => {
  it('keeps long English within two lines of 42 and loses no word', () => {
    const piece = { start: 3, end: 23, speech: [] };
    const cues = layoutCues(english, piece, { language: 'en' });
    assertWellFormed(cues, piece, 'en');
    assertDurations(cues);
    assert.equal(latinText(cues), english);
  });

  it('never ends a first line with an article or a preposition', () => {
    const piece = { start: 0, end: 20, speech: [] };
    const cues = layoutCues(english, piece, { language: 'en' });
    for (const cue of cues) {
      const [first, second] = cue.text.split('\n');
      if (second === undefined) continue;
      const last = first.split(' ').pop()?.toLowerCase();
      assert.ok(!['a', 'an', 'the', 'of', 'to', 'in', 'on', 'and'].includes(last ?? ''), `line ends with "${last}": ${first}`);
    }
  });

  it('uses one line when the text fits, even when two would balance', () => {
    const cues = layoutCues('This sentence fits on one single line.', { start: 0, end: 3, speech: [] }, { language: 'en' });
    assert.deepEqual(
      cues.map((c) => c.text),
      ['This sentence fits on one single line.'],
    );
  });

  it('cuts German compound words longer than a line with a hyphen', () => {
    const piece = { start: 0, end: 16, speech: [] };
    const cues = layoutCues(german, piece, { language: 'de' });
    assertWellFormed(cues, piece, 'de');
    assert.equal(latinText(cues), german);
    assert.ok(cues.some((c) => /-\n|-$/.test(c.text)), 'the 70-letter word is cut with a hyphen');
  });

  it('keeps a Chinese paragraph within two lines of 16 characters, cutting after punctuation', () => {
    const piece = { start: 0, end: 22, speech: [] };
    const cues = layoutCues(chinese, piece, { language: 'zh' });
    assertWellFormed(cues, piece, 'zh');
    assert.equal(cues.map((c) => c.text.replace(/\n/g, '')).join(''), chinese);
    // Every cue ends at a sentence or clause mark: this paragraph has one every 16 characters or less.
    for (const cue of cues) assert.match(cue.text, /[，。、]$/u, cue.text);
    assert.ok(cues.every((c) => !/^[，。、]/u.test(c.text.split('\n')[1] ?? 'x')), 'no line starts with punctuation');
  });

  it('keeps a number with the Chinese characters around it when breaking a line', () => {
    const cues = layoutCues('第5段你好世界今天天气很好我们一。', { start: 0, end: 5, speech: [] }, { language: 'zh' });
    assert.equal(cues.length, 1);
    const [top] = cues[0].text.split('\n');
    assert.ok(top.startsWith('第5段'), `the first line keeps "第5段" whole: ${JSON.stringify(cues[0].text)}`);
    assert.ok(Array.from(top).length >= 6, `the first line is not left with a counter alone: ${JSON.stringify(cues[0].text)}`);
  });

  it('keeps Japanese within two lines of 13 characters', () => {
    const piece = { start: 0, end: 18, speech: [] };
    const cues = layoutCues(japanese, piece, { language: 'ja' });
    assertWellFormed(cues, piece, 'ja');
    assert.equal(cues.map((c) => c.text.replace(/\n/g, '')).join(''), japanese);
    for (const cue of cues) {
      for (const line of cue.text.split('\n')) assert.doesNotMatch(line, /^[、。っゃゅょーはがをに]/u, `line starts badly: ${line}`);
    }
  });

  it('does not end a sentence at an abbreviation or an initial', () => {
    const cues = layoutCues('Dr. Smith met J. Brown. They talked.', { start: 0, end: 6, speech: [] }, { language: 'en' });
    assert.deepEqual(
      cues.map((c) => c.text),
      ['Dr. Smith met J. Brown.', 'They talked.'],
    );
  });

  it('gives no cues for empty or blank text', () => {
    assert.deepEqual(layoutCues('', { start: 0, end: 5, speech: [] }, { language: 'en' }), []);
    assert.deepEqual(layoutCues(' \n\t ', { start: 0, end: 5, speech: [] }, { language: 'en' }), []);
  });
});

describe('layoutCues: timing', () => {
  const sentenceA = 'The first sentence is about the weather today.';
  const sentenceB = 'The second sentence is about the news tonight.';

  it('puts each of two equal sentences inside its own stretch of speech', () => {
    assertOneCuePerStretch(`${sentenceA} ${sentenceB}`, { start: 10, end: 20, speech: [span(10, 14), span(16, 20)] });
  });

  it('snaps a sentence boundary to the pause even when lengths do not match the speech', () => {
    // The first sentence is about 60% longer than the second, though both take 3 s to say.
    assertOneCuePerStretch('This opening sentence is a bit longer. Short one here, though.', { start: 0, end: 8, speech: [span(0, 3), span(5, 8)] });
  });

  it('starts a cue at the first speech it translates when its share begins exactly at a pause', () => {
    const piece = { start: 0, end: 7, speech: [span(0, 2), span(5, 7)] };
    const cues = layoutCues('Aaaa aaaa aaaa aaaa. Bbbb bbbb bbbb bbbb.', piece, { language: 'en' });
    assert.equal(cues[1].start, 5);
    assert.equal(cues[0].start, 0);
    assert.ok(cues[0].end <= 2.5);
  });

  it('gives no cue to the middle of a long pause', () => {
    const speech = [span(0, 3), span(6, 9), span(12.5, 15)];
    const piece = { start: 0, end: 15, speech };
    const text = 'One short sentence to begin with. Another sentence in the middle. And a last one at the end.';
    const cues = layoutCues(text, piece, { language: 'en' });
    assertWellFormed(cues, piece, 'en');
    for (const pause of [span(3.5, 6), span(9.5, 12.5)]) {
      for (const cue of cues) {
        const overlap = Math.min(cue.end, pause.end) - Math.max(cue.start, pause.start);
        assert.ok(overlap <= 0, `${JSON.stringify(cue.text)} covers the pause ${pause.start}–${pause.end}`);
      }
    }
  });

  it('splits a cue hanging over a long pause at that pause', () => {
    assertOneCuePerStretch('I really think that this is right', { start: 0, end: 6, speech: [span(0, 1.5), span(4, 5.5)] });
  });

  it('splits a cue that would last longer than 7 s', () => {
    const piece = { start: 0, end: 16, speech: [span(0, 16)] };
    const text = 'Slowly, very slowly, the old man walked along the quiet road';
    const cues = layoutCues(text, piece, { language: 'en' });
    assert.ok(cues.length >= 3, `${cues.length} cues`);
    assertWellFormed(cues, piece, 'en');
    assertDurations(cues);
    assert.equal(latinText(cues), text);
  });

  it('keeps a single word that cannot be split to 7 s', () => {
    const cues = layoutCues('Music', { start: 0, end: 20, speech: [] }, { language: 'en' });
    assert.deepEqual(cues, [{ start: 0, end: 7, text: 'Music' }]);
  });

  it('extends a short cue into the silence after it, up to 0.5 s past the speech', () => {
    const cues = layoutCues('Hi.', { start: 2, end: 2.3, speech: [span(2, 2.3)] }, { language: 'en' });
    assert.deepEqual(cues, [{ start: 2, end: 2.8, text: 'Hi.' }]);
  });

  it('extends a short cue into the silence after it, and to its least duration only by a few frames of the next cue', () => {
    const text = 'Okay. And now we can talk about the actual subject of the meeting.';
    const roomy = layoutCues(text, { start: 0, end: 6, speech: [span(0, 0.6), span(1.2, 6)] }, { language: 'en' });
    assert.deepEqual(
      roomy.slice(0, 2).map((c) => [c.start, c.end]),
      [
        [0, 1.1],
        [1.2, 6],
      ],
    );
    const tight = layoutCues(text, { start: 0, end: 6, speech: [span(0, 0.6), span(0.9, 6)] }, { language: 'en' });
    assert.deepEqual(
      tight.slice(0, 2).map((c) => [c.start, c.end]),
      [
        [0, 0.833],
        [0.917, 6],
      ],
    );
  });

  it('merges a sentence too short to read with its neighbour in the same run of speech', () => {
    const cues = layoutCues('Yes. Of course, that is exactly what I meant.', { start: 0, end: 4, speech: [] }, { language: 'en' });
    assert.equal(cues.length, 1);
    assert.equal(cues[0].text.replace('\n', ' '), 'Yes. Of course, that is exactly what I meant.');
  });

  it('keeps 1–7 s durations, no overlap and two-frame gaps for ordinary speech', () => {
    const speech = [span(0.4, 5.2), span(5.9, 12), span(12.35, 19.8), span(21, 24.6)];
    const piece = { start: 0.4, end: 24.6, speech };
    for (const [language, text] of [
      ['en', english],
      ['zh', chinese],
      ['ja', japanese],
      ['de', german],
    ] as const) {
      const cues = layoutCues(text, piece, { language });
      assertWellFormed(cues, piece, language);
      assertDurations(cues);
    }
  });

  it('uses the whole piece as speech when no stretches are given', () => {
    const cues = layoutCues(`${sentenceA} ${sentenceB}`, { start: 4, end: 10, speech: [] }, { language: 'en' });
    assert.equal(cues[0].start, 4);
    assert.ok(cues[1].end >= 9.9 && cues[1].end <= 10.5);
  });

  it('stays valid when far too much text meets far too little time', () => {
    const piece = { start: 5, end: 5.5, speech: [span(5, 5.5)] };
    const cues = layoutCues(english, piece, { language: 'en' });
    assert.ok(cues.length > 3);
    // Only the gap gives way: every cue still fits, in order, without overlap, inside the piece.
    assertWellFormed(cues, piece, 'en', 0.001);
  });
});

describe('layoutCues: any piece', () => {
  it('gives well-formed cues for random text over random speech', () => {
    let seed = 42;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const words = english.split(' ');
    for (let run = 0; run < 300; run++) {
      const language = ['en', 'de', 'zh', 'ja', 'ko'][run % 5];
      const perCharacter = language === 'zh' || language === 'ja';
      const source = perCharacter ? Array.from(language === 'zh' ? chinese : japanese) : words;
      const from = Math.floor(random() * source.length);
      const text = source.slice(from, from + 1 + Math.floor(random() * 60)).join(perCharacter ? '' : ' ');
      const start = random() * 100;
      const speech: Span[] = [];
      let t = start;
      for (let k = Math.floor(random() * 5); k > 0; k--) {
        const s = t + random() * 2;
        speech.push(span(s, s + 0.2 + random() * 6));
        t = speech[speech.length - 1].end;
      }
      const piece = { start, end: speech.length ? t : start + random() * 20, speech };
      const cues = layoutCues(text, piece, { language });
      // When there is not even 0.5 s per cue, only the gap may shrink.
      const crowded = cues.length * (0.5 + 0.084) > piece.end - piece.start + 0.5;
      assertWellFormed(cues, piece, language, crowded ? 0.001 : 0.083);
    }
  });
});

describe('joinCues', () => {
  it('removes overlaps across pieces by shortening the earlier cue, keeping the gap', () => {
    const joined = joinCues([
      [
        { start: 0, end: 2, text: 'a' },
        { start: 2.5, end: 4.4, text: 'b' },
      ],
      [{ start: 4.2, end: 6, text: 'c' }],
      [],
      [{ start: 6, end: 7, text: 'd' }],
    ]);
    assert.deepEqual(
      joined.map((c) => c.text),
      ['a', 'b', 'c', 'd'],
    );
    for (let i = 1; i < joined.length; i++) assert.ok(joined[i].start - joined[i - 1].end >= 0.083 - 1e-9);
    assert.equal(joined[2].start, 4.2);
    assert.equal(joined[3].start, 6);
  });

  it('moves a later cue on rather than squeezing the earlier one to nothing', () => {
    const joined = joinCues([[{ start: 0, end: 1.5, text: 'a' }], [{ start: 0.1, end: 2, text: 'b' }]]);
    assert.ok(joined[0].end - joined[0].start >= 0.5);
    assert.ok(joined[1].start - joined[0].end >= 0.083 - 1e-9);
    assert.ok(joined[1].end > joined[1].start);
  });

  it('drops cues without text', () => {
    assert.deepEqual(joinCues([[{ start: 0, end: 1, text: ' ' }]]), []);
  });
});

describe('cueWeight', () => {
  it('counts characters for Latin scripts and full-width characters for CJK, punctuation little', () => {
    assert.equal(cueWeight('abc def', false), 7);
    assert.equal(cueWeight('你好', true), 2);
    assert.ok(cueWeight('你好。', true) < 2.2);
    assert.ok(cueWeight('你好，世界！', true) < 4.5);
  });
});

function span(start: number, end: number): Span {
  return { start, end };
}

function assertWithin(cue: Cue, s: Span): void {
  assert.ok(cue.start >= s.start - 0.05 && cue.end <= s.end + 0.05, `${JSON.stringify(cue)} is not within ${s.start}–${s.end}`);
}

/** Lays out `text` over `piece` and checks that it gives exactly one cue per stretch of speech, each within its stretch. */
function assertOneCuePerStretch(text: string, piece: { start: number; end: number; speech: Span[] }): void {
  const cues = layoutCues(text, piece, { language: 'en' });
  assert.equal(cues.length, piece.speech.length);
  piece.speech.forEach((stretch, i) => assertWithin(cues[i], stretch));
}
