import type { PieceResult } from './pieceResult';
import type { Piece } from '../timeline';
import { emptyUsage, type Usage } from '../api/usage';

/** A cached piece's record as it is written to its `.json` file. */
export interface StoredPiece {
  hasSpeech: boolean;
  usage: PieceResult['usage'];
  parts: { span: PieceResult['parts'][number]['span']; text: string; speechBytes: number; usage?: Usage; finishReason?: string }[];
}

/** What reading a cached piece found: its result, or why it cannot be used. */
export type CacheCheck = { result: PieceResult } | { damaged: string };

/** How far a stored bound may drift from the piece's own, in seconds: bounds are named in milliseconds. */
const slack = 0.002;

/**
 * Checks a stored record and its speech against the piece it claims to be, and rebuilds the result.
 * A file cut short by a full disk or a crash, or a record of the wrong shape, would otherwise give a
 * silent gap in the dub or a TypeError on every later run; this says in a clause what is wrong.
 * `audio` is the `.pcm` file's bytes, or undefined when there is none.
 */
export function checkCachedPiece(piece: Piece, stored: unknown, audio: Buffer | undefined): CacheCheck {
  if (!isObject(stored) || !Array.isArray(stored.parts) || stored.parts.length === 0) return { damaged: 'its record holds no parts' };
  const parts: StoredPiece['parts'] = [];
  for (const p of stored.parts) {
    if (!isObject(p) || !isObject(p.span) || typeof p.text !== 'string' || !isCount(p.speechBytes)) return { damaged: 'a part of its record has the wrong shape' };
    const { start, end } = p.span;
    if (!isFiniteNumber(start) || !isFiniteNumber(end) || end < start) return { damaged: 'a part of its record has no valid time range' };
    if (p.speechBytes % 2 !== 0) return { damaged: 'a part of its record holds half a sample of speech' };
    const speech = p.span.speech ?? [];
    if (!Array.isArray(speech) || !speech.every((s) => isObject(s) && isFiniteNumber(s.start) && isFiniteNumber(s.end))) {
      return { damaged: 'a part of its record has no valid stretches of speech' };
    }
    parts.push({
      span: { start, end, speech: speech as Piece['speech'] },
      text: p.text,
      speechBytes: p.speechBytes,
      ...(isObject(p.usage) ? { usage: usageOf(p.usage) } : {}),
      ...(typeof p.finishReason === 'string' ? { finishReason: p.finishReason } : {}),
    });
  }
  const first = parts[0].span;
  const last = parts[parts.length - 1].span;
  if (Math.abs(first.start - piece.start) > slack || Math.abs(last.end - piece.end) > slack) return { damaged: 'its record covers another stretch of the source' };
  for (let i = 1; i < parts.length; i++) {
    if (Math.abs(parts[i].span.start - parts[i - 1].span.end) > slack) return { damaged: 'its parts do not follow each other' };
  }
  const recorded = parts.reduce((n, p) => n + p.speechBytes, 0);
  const held = audio?.length ?? 0;
  if (stored.hasSpeech === true && audio === undefined) return { damaged: 'its speech file is missing' };
  if (held !== recorded) return { damaged: `its speech file holds ${held} bytes, not the ${recorded} its record names` };
  let offset = 0;
  const result = parts.map((p) => {
    const pcm = audio ? audio.subarray(offset, offset + p.speechBytes) : Buffer.alloc(0);
    offset += p.speechBytes;
    return { span: p.span, text: p.text, pcm, ...(p.usage ? { usage: p.usage } : {}), ...(p.finishReason ? { finishReason: p.finishReason } : {}) };
  });
  return { result: { parts: result, usage: usageOf(stored.usage), requests: 0, retries: 0 } };
}

/** The stored usage with every count a number; a missing or odd one counts as zero. */
function usageOf(u: unknown): Usage {
  const usage = emptyUsage();
  if (!isObject(u)) return usage;
  for (const key of Object.keys(usage) as (keyof Usage)[]) {
    const v = u[key];
    if (isFiniteNumber(v) && v >= 0) usage[key] = v;
  }
  return usage;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
