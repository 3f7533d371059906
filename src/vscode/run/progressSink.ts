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
  private message = 'Preparing…';
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  /** Pieces planned so far, and whether that is all of them, for the count before the first one is done. */
  private planned = 0;
  private plannedFinal = false;
  private counted = false;

  constructor(private readonly progress: vscode.Progress<Report>) {
    this.progress.report({ message: this.message });
  }

  handle(ev: TranslateEvent): void {
    switch (ev.type) {
      case 'started':
        this.update('Cutting into pieces…');
        return;
      case 'planned':
        this.planned = ev.pieces;
        this.plannedFinal = ev.final;
        return;
      case 'textDelta':
      case 'pieceDone':
        // The count replaces "Cutting into pieces…" as soon as the first words arrive, not when the first piece ends.
        if (!this.counted && this.planned > 0) this.update(`0/${this.planned}${this.plannedFinal ? '' : '+'} pieces`);
        this.counted = true;
        return;
      case 'progress':
        this.counted = true;
        this.target = Math.max(this.target, Math.min(100, ev.fraction * 100));
        this.update(`${ev.done}/${ev.total}${ev.totalKnown ? '' : '+'} pieces`);
        return;
      case 'exportProgress':
        // The bar is full once the pieces are done; the message says the video is still being written.
        this.update(`Writing ${ev.file.split(/[\\/]/).pop()}: ${Math.round(ev.fraction * 100)}%`);
        return;
      case 'pieceRetry':
        this.update(`${this.message.replace(/ · retrying.*$/, '')} · retrying piece ${ev.index + 1}`);
        return;
      case 'done':
        this.target = 100;
        this.message = `${ev.summary.pieces}/${ev.summary.pieces} pieces`;
        this.flush();
        return;
      default:
        return;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private update(message: string): void {
    this.message = message;
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
