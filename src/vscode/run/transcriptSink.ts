import * as l10n from '@vscode/l10n';
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
        this.transcript.appendLine(l10n.t('{0} → {1} ({2} of media)', this.name, this.languageName, clock(ev.info.durationSeconds)));
        return;
      case 'pieceStarted':
        this.pieces.set(ev.piece.index, ev.piece);
        this.openLine(ev.piece, ev.cached ? l10n.t(' (from the cache)') : '');
        return;
      case 'textDelta':
        this.transcript.append(ev.text);
        this.wroteText ||= ev.text.trim().length > 0;
        return;
      case 'pieceRetry': {
        this.transcript.append(this.wroteText ? l10n.t(' […discarded]') : '');
        const piece = this.pieces.get(ev.index);
        if (piece) this.openLine(piece, l10n.t(' (retry {0}: {1})', ev.attempt, ev.reason));
        return;
      }
      case 'pieceDone':
        if (!this.wroteText && ev.text) this.transcript.append(ev.text);
        if (!this.wroteText && !ev.text) this.transcript.append(l10n.t('(no speech)'));
        this.closeLine();
        this.pieces.delete(ev.piece.index);
        return;
      case 'note':
        // A warning is said where the user reads the translation; other notes (resume, pacing) go to the log.
        if (ev.level === 'warn') {
          this.closeLine();
          this.transcript.appendLine(l10n.t('Warning: {0}', withNextStep(ev.message, ev.next)));
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
    this.transcript.appendLine(cancelled ? l10n.t('{0}: cancelled.', this.name) : l10n.t('{0}: stopped. See Media Translate Log for details.', this.name));
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
    const u = s.usage;
    const tokens = tokensOf(u);
    const cost = costText(tokens, this.prices);
    const pieces = s.pieces === 1 ? l10n.t('1 piece') : l10n.t('{0} pieces', s.pieces);
    const parts = [
      s.piecesFromCache > 0 ? l10n.t('{0} ({1} from the cache)', pieces, s.piecesFromCache) : pieces,
      s.durationSeconds > 0 ? l10n.t('{0} of media', clock(s.durationSeconds)) : '',
      l10n.t('{0} as reported by the API', tokensText(tokens)) + (cost ? `, ${cost}` : ''),
      s.requests === 1 ? l10n.t('1 request') : l10n.t('{0} requests', s.requests),
      s.retries === 1 ? l10n.t('1 retry') : l10n.t('{0} retries', s.retries),
      l10n.t('{0} s', (s.elapsedMs / 1000).toFixed(1)),
    ];
    this.transcript.appendLine(l10n.t('Done: {0}.', parts.filter(Boolean).join(l10n.t(', '))));
    if (u.inputVideoTokens > 0) this.transcript.appendLine(l10n.t('Video context: {0} of the tokens in were for the picture.', u.inputVideoTokens.toLocaleString('en-US')));
    const fitted = s.dubFits ? describeDubFits(s.dubFits) : undefined;
    if (fitted) this.transcript.appendLine(fitted);
    for (const file of Object.values(s.files)) this.transcript.appendLine(l10n.t('Wrote {0}', file));
  }
}
