import * as path from 'node:path';
import { joinCues } from '../subtitles/layout';
import type { PieceResult } from '../run/pieceResult';
import type { ParsedCue } from '../subtitles/subtitleDocument';
import { addUsage, emptyUsage } from '../api/usage';
import { RecordBuilder } from './buildRecord';
import type { RecordCue, TranslationRecord } from './schema';

/** Where each part of a piece's new speech went in the dub track; undefined for a part without speech. */
export type DubPlacement = ({ start: number; seconds: number } | undefined)[];

/**
 * The record with piece `index` replaced by a new answer: its entries (the halves of a split piece
 * included) and its cues, laid out by the same code as a run and joined with the neighbours' cues
 * as they stand. Every other piece and cue is kept as it is; the record's usage grows by what the
 * new answer cost.
 */
export function replacePiece(record: TranslationRecord, recordFile: string, index: number, result: PieceResult, dub?: DubPlacement): TranslationRecord {
  const builder = new RecordBuilder({
    generator: record.generator,
    sourceFile: path.resolve(path.dirname(recordFile), record.source.path),
    recordFile,
    source: { sha256: record.source.sha256, durationSeconds: record.source.durationSeconds, audioStream: record.source.audioStream },
    options: record.options,
  });
  builder.add(index, result, dub);
  const fresh = builder.finish(emptyUsage(), []);
  const at = record.pieces.findIndex((p) => p.index === index);
  const pieces = record.pieces.filter((p) => p.index !== index);
  pieces.splice(at < 0 ? pieces.length : at, 0, ...fresh.pieces);
  const before = record.cues.filter((c) => c.piece < index);
  const after = record.cues.filter((c) => c.piece > index);
  const cues = joinCues<RecordCue>([before.map((c) => ({ ...c })), fresh.cues, after.map((c) => ({ ...c }))]);
  return { ...record, pieces, cues, usage: addUsage(record.usage, result.usage) };
}

/**
 * The record's cues as a subtitle file shows them, when that file was edited by hand: each cue
 * belongs to the last piece that starts at or before it, so a later retranslation keeps the edits
 * of every other piece.
 */
export function adoptCues(record: TranslationRecord, cues: readonly ParsedCue[]): TranslationRecord {
  const starts = [...new Map(record.pieces.map((p) => [p.index, p.start])).entries()].sort((a, b) => a[1] - b[1]);
  const pieceAt = (t: number): number => {
    let owner = starts[0]?.[0] ?? 0;
    for (const [index, start] of starts) if (start <= t + 1e-6) owner = index;
    return owner;
  };
  return { ...record, cues: cues.map((c) => ({ start: c.start, end: c.end, text: c.text, piece: pieceAt(c.start) })) };
}
