import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import type { TranslateEvent } from '../../core/events';
import type { Sink } from './sink';

/** The notification updates at most this often. */
const throttleMs = 250;

type Report = { message?: string; increment?: number };

/**
 * Drives the progress notification: "3/12 pieces" and a bar that follows the source's timeline.
 * Increments add up to exactly 100 by the end; updates are throttled so a fast run does not flood
 * the UI.
 */
export class ProgressSink implements Sink {
  private given = 0;
  private target = 0;
  private message = l10n.t('Preparing…');
  /** The message without a retry note, so that retries do not pile up. */
  private counted = this.message;
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  /** Pieces planned so far, and whether that is all of them, for the count before the first one is done. */
  private planned = 0;
  private plannedFinal = false;
  /** Whether the message counts pieces yet. */
  private counting = false;

  constructor(private readonly progress: vscode.Progress<Report>) {
    this.progress.report({ message: this.message });
  }

  handle(ev: TranslateEvent): void {
    switch (ev.type) {
      case 'started':
        this.update(l10n.t('Cutting into pieces…'));
        return;
      case 'planned':
        this.planned = ev.pieces;
        this.plannedFinal = ev.final;
        return;
      case 'textDelta':
      case 'pieceDone':
        // The count replaces "Cutting into pieces…" as soon as the first words arrive, not when the first piece ends.
        if (!this.counting && this.planned > 0) this.update(pieceCount(0, `${this.planned}${this.plannedFinal ? '' : '+'}`));
        this.counting = true;
        return;
      case 'progress':
        this.counting = true;
        this.target = Math.max(this.target, Math.min(100, ev.fraction * 100));
        this.update(pieceCount(ev.done, `${ev.total}${ev.totalKnown ? '' : '+'}`));
        return;
      case 'exportProgress':
        // The bar is full once the pieces are done; the message says the video is still being written.
        this.update(l10n.t('Writing {0}: {1}%', ev.file.split(/[\\/]/).pop() ?? ev.file, Math.round(ev.fraction * 100)));
        return;
      case 'pieceRetry':
        this.update(l10n.t('{0} · retrying piece {1}', this.counted, ev.index + 1), this.counted);
        return;
      case 'done':
        this.target = 100;
        this.message = pieceCount(ev.summary.pieces, String(ev.summary.pieces));
        this.flush();
        return;
      default:
        return;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private update(message: string, counted = message): void {
    this.message = message;
    this.counted = counted;
    const wait = this.lastFlush + throttleMs - Date.now();
    if (wait <= 0) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), wait);
    }
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlush = Date.now();
    const increment = this.target - this.given;
    this.given = this.target;
    this.progress.report(increment > 0 ? { message: this.message, increment } : { message: this.message });
  }
}

/** `3/12 pieces`, with `+` after the total while more may follow. */
function pieceCount(done: number, total: string): string {
  return l10n.t('{0}/{1} pieces', done, total);
}
