import { TranslateError } from '../../core/errors';
import type { RunSummary, TranslateEvent } from '../../core/events';
import { costText, tokensText } from '../../core/run/costText';
import { tokensOf } from '../../core/run/estimate';
import type { Prices } from '../../core/run/prices';
import type { Piece } from '../../core/timeline';
import { describeDubFits } from '../../core/dub/dubFitReport';
import type { Transcript } from '../transcript';
import { clock, range } from './timeText';
import type { Sink } from './sink';
import { withNextStep } from '../messages';

/**
 * Shows the translation in the "Media Translate" channel as it streams: each piece's text under its
 * time range, retries marked, and a summary at the end (pieces, duration, tokens by kind as the API
 * reported them and, with prices, their cost, requests, files written).
 */
export class TranscriptSink implements Sink {
  private readonly pieces = new Map<number, Piece>();
  private lineOpen = false;
  private wroteText = false;

  constructor(
    private readonly transcript: Transcript,
    private readonly name: string,
    private readonly languageName: string,
    private readonly prices?: Prices,
  ) {}

  handle(ev: TranslateEvent): void {
    switch (ev.type) {
      case 'started':
        this.transcript.appendLine('');
        this.transcript.appendLine(`${this.name} → ${this.languageName} (${clock(ev.info.durationSeconds)} of media)`);
        return;
      case 'pieceStarted':
        this.pieces.set(ev.piece.index, ev.piece);
        this.openLine(ev.piece, ev.cached ? ' (from the cache)' : '');
        return;
      case 'textDelta':
        this.transcript.append(ev.text);
        this.wroteText ||= ev.text.trim().length > 0;
        return;
      case 'pieceRetry': {
        this.transcript.append(this.wroteText ? ' […discarded]' : '');
        const piece = this.pieces.get(ev.index);
        if (piece) this.openLine(piece, ` (retry ${ev.attempt}: ${ev.reason})`);
        return;
      }
      case 'pieceDone':
        if (!this.wroteText && ev.text) this.transcript.append(ev.text);
        if (!this.wroteText && !ev.text) this.transcript.append('(no speech)');
        this.closeLine();
        this.pieces.delete(ev.piece.index);
        return;
      case 'note':
        // A warning is said where the user reads the translation; other notes (resume, pacing) go to the log.
        if (ev.level === 'warn') {
          this.closeLine();
          this.transcript.appendLine(`Warning: ${withNextStep(ev.message, ev.next)}`);
        }
        return;
      case 'done':
        this.closeLine();
        this.summarise(ev.summary);
        return;
      default:
        return;
    }
  }

  end(error: unknown): void {
    if (error === undefined) return;
    if (this.lineOpen) this.transcript.append(this.wroteText ? ' […]' : '…');
    this.closeLine();
    const cancelled = TranslateError.is(error, 'cancelled');
    this.transcript.appendLine(cancelled ? `${this.name}: cancelled.` : `${this.name}: stopped. See Media Translate Log for details.`);
  }

  private openLine(piece: Piece, note: string): void {
    this.closeLine();
    this.transcript.append(`${range(piece.start, piece.end)}${note}\n`);
    this.lineOpen = true;
    this.wroteText = false;
  }

  private closeLine(): void {
    if (!this.lineOpen) return;
    this.transcript.append('\n');
    this.lineOpen = false;
  }

  private summarise(s: RunSummary): void {
    const cached = s.piecesFromCache > 0 ? ` (${s.piecesFromCache} from the cache)` : '';
    const media = s.durationSeconds > 0 ? `${clock(s.durationSeconds)} of media, ` : '';
    const tokens = tokensOf(s.usage);
    const cost = costText(tokens, this.prices);
    this.transcript.appendLine(
      `Done: ${s.pieces} piece${s.pieces === 1 ? '' : 's'}${cached}, ${media}${tokensText(tokens)} as reported by the API${cost ? `, ${cost}` : ''}, ` +
        `${s.requests} request${s.requests === 1 ? '' : 's'}, ` +
        `${s.retries} retr${s.retries === 1 ? 'y' : 'ies'}, ${(s.elapsedMs / 1000).toFixed(1)} s.`,
    );
    if (s.usage.inputVideoTokens > 0) this.transcript.appendLine(`Video context: ${s.usage.inputVideoTokens.toLocaleString('en-US')} of the tokens in were for the picture.`);
    const fitted = s.dubFits ? describeDubFits(s.dubFits) : undefined;
    if (fitted) this.transcript.appendLine(fitted);
    for (const file of Object.values(s.files)) this.transcript.appendLine(`Wrote ${file}`);
  }
}
