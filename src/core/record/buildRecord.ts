import * as path from 'node:path';
import type { Cue } from '../subtitles/cue';
import { joinCues, layoutCues } from '../subtitles/layout';
import type { PieceResult } from '../run/pieceResult';
import { checkTrack, describeTrackProblems } from '../subtitles/checkTrack';
import { subtitleRules, type SubtitleRules } from '../subtitles/profiles';
import type { Usage } from '../api/usage';
import { recordFormat, recordVersion, type RecordDub, type RecordOptions, type RecordPiece, type RecordSource, type TranslationRecord } from './schema';

/** What a record knows before the first piece arrives. */
export interface RecordStart {
  generator: string;
  /** The source's absolute or relative path, and the record's own path, so the source can be named relative to it. */
  sourceFile: string;
  recordFile: string;
  source: Omit<RecordSource, 'path'>;
  options: RecordOptions;
}

/**
 * Builds a run's record as finished pieces arrive in source order: each piece's text is laid out
 * as cues on its speech at once (for the live views), and the cues of neighbouring pieces are
 * joined when the record is finished.
 */
export class RecordBuilder {
  private readonly pieces: RecordPiece[] = [];
  private readonly cues: (Cue & { piece: number })[][] = [];
  private readonly rules: SubtitleRules;

  constructor(private readonly start: RecordStart) {
    const o = start.options;
    this.rules = subtitleRules(o.subtitleProfile, o.targetLanguage, o.customLimits);
  }

  /** Record pieces so far (a piece translated in halves counts twice). */
  get pieceCount(): number {
    return this.pieces.length;
  }

  /** The source's length, which the dub track is padded to. */
  get durationSeconds(): number {
    return this.start.source.durationSeconds;
  }

  /** Says where record piece `at`'s speech went in the dub track, once it is placed. */
  setDub(at: number, dub: RecordDub): void {
    this.pieces[at].dub = dub;
  }

  /** Adds the next piece; `dub` says where each part's speech was laid, when there is a dub track. Returns its cues. */
  add(index: number, result: PieceResult, dub?: (RecordDub | undefined)[]): Cue[] {
    const cues: (Cue & { piece: number })[] = [];
    result.parts.forEach((part, k) => {
      const span = part.span;
      this.pieces.push({
        index,
        start: span.start,
        end: span.end,
        speech: span.speech.map((s) => [s.start, s.end]),
        text: part.text,
        finishReason: part.finishReason ?? 'stop',
        usage: part.usage ?? (k === 0 ? result.usage : zeroUsage(result.usage)),
        ...(dub?.[k] ? { dub: dub[k] } : {}),
      });
      for (const cue of layoutCues(part.text, span, { language: this.start.options.targetLanguage, rules: this.rules })) {
        cues.push({ ...cue, piece: index });
      }
    });
    this.cues.push(cues);
    return cues.map(({ start, end, text }) => ({ start, end, text }));
  }

  /** The sentence naming the cues of the joined track that break a hard limit, if any. */
  trackProblems(): string | undefined {
    return describeTrackProblems(checkTrack(joinCues(this.cues), this.rules), this.rules);
  }

  /** The finished record: the pieces' cues joined into one track without overlaps. */
  finish(usage: Usage, warnings: string[]): TranslationRecord {
    const joined = joinCues(this.cues);
    const relative = path.relative(path.dirname(path.resolve(this.start.recordFile)), path.resolve(this.start.sourceFile));
    return {
      format: recordFormat,
      version: recordVersion,
      generator: this.start.generator,
      source: { path: relative.split(path.sep).join('/'), ...this.start.source },
      options: this.start.options,
      pieces: this.pieces,
      cues: joined.map(({ start, end, text, piece }) => ({ start, end, text, piece })),
      usage,
      warnings,
    };
  }
}

function zeroUsage(like: Usage): Usage {
  return Object.fromEntries(Object.keys(like).map((k) => [k, 0])) as unknown as Usage;
}
