import type { Piece, Span } from '../timeline';

/** The part of a piece that one request covers. */
export type PieceSpan = Pick<Piece, 'start' | 'end' | 'speech'>;

/**
 * Splits a span in two at its longest pause, so that each half can be translated on its own
 * when the model's answer for the whole was cut off. Without a pause it splits at the middle.
 */
export function splitAtLongestPause(span: PieceSpan): [PieceSpan, PieceSpan] {
  let best: { gapStart: number; gapEnd: number } | undefined;
  for (let i = 1; i < span.speech.length; i++) {
    const gapStart = span.speech[i - 1].end;
    const gapEnd = span.speech[i].start;
    if (!best || gapEnd - gapStart > best.gapEnd - best.gapStart) best = { gapStart, gapEnd };
  }
  if (best) {
    const cut = (best.gapStart + best.gapEnd) / 2;
    return [
      { start: span.start, end: cut, speech: span.speech.filter((s) => s.end <= cut) },
      { start: cut, end: span.end, speech: span.speech.filter((s) => s.start >= cut) },
    ];
  }
  const cut = (span.start + span.end) / 2;
  return [
    { start: span.start, end: cut, speech: clip(span.speech, span.start, cut) },
    { start: cut, end: span.end, speech: clip(span.speech, cut, span.end) },
  ];
}

function clip(spans: Span[], start: number, end: number): Span[] {
  return spans
    .map((s) => ({ start: Math.max(s.start, start), end: Math.min(s.end, end) }))
    .filter((s) => s.end > s.start);
}
