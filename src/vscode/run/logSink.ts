import { TranslateError } from '../../core/errors';
import type { TranslateEvent } from '../../core/events';
import { usageText } from '../../core/run/costText';
import { tokensOf } from '../../core/run/estimate';
import type { Prices } from '../../core/run/prices';
import type { Log } from '../log';
import { clock, range } from './timeText';
import type { Sink } from './sink';
import { withNextStep } from '../messages';

/** Writes a run's diagnostics to the log: what started, pacing notes, retries and the summary. */
export class LogSink implements Sink {
  constructor(
    private readonly log: Log,
    private readonly name: string,
    private readonly prices?: Prices,
  ) {}

  handle(ev: TranslateEvent): void {
    switch (ev.type) {
      case 'started': {
        const kind = ev.info.hasVideo ? 'video' : 'audio';
        this.log.info(`${this.name}: ${clock(ev.info.durationSeconds)} of ${kind}; outputs ${Object.values(ev.outputs).join(', ')}`);
        return;
      }
      case 'planned':
        if (ev.final) this.log.debug(`${this.name}: ${ev.pieces} pieces in all`);
        return;
      case 'pieceStarted':
        this.log.debug(`${this.name}: piece ${ev.piece.index + 1} ${range(ev.piece.start, ev.piece.end)}${ev.cached ? ' from the cache' : ''}`);
        return;
      case 'pieceRetry':
        this.log.warn(`${this.name}: piece ${ev.index + 1} attempt ${ev.attempt} in ${ev.delayMs} ms after: ${ev.reason}`);
        return;
      case 'note':
        if (ev.level === 'warn') this.log.warn(`${this.name}: ${withNextStep(ev.message, ev.next)}`);
        else this.log.info(`${this.name}: ${withNextStep(ev.message, ev.next)}`);
        return;
      case 'done': {
        const s = ev.summary;
        this.log.info(
          `${this.name}: done, ${s.pieces} pieces (${s.piecesFromCache} cached), ${s.requests} requests, ${s.retries} retries, ${usageText(tokensOf(s.usage), this.prices)}, ${s.elapsedMs} ms`,
        );
        for (const f of s.dubFits ?? []) this.log.debug(`${this.name}: dub of piece ${f.index + 1} at ${f.start.toFixed(2)} s: speed ${f.speed}, ${f.shift} s late`);
        return;
      }
      default:
        return;
    }
  }

  /** A cancel is something the person asked for, so it is a plain line, not an error with a stack. */
  end(error: unknown): void {
    if (error === undefined) return;
    if (TranslateError.is(error, 'cancelled')) return this.log.info(`${this.name}: cancelled`);
    this.log.error(`${this.name}: stopped`, error);
  }
}
