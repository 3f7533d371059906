import type { TranslateEvent } from '../core/events';
import { withNextStep } from './advice';

/** Writes progress to stderr: a redrawn bar on a terminal, one line per piece otherwise. */
export class ProgressReporter {
  private barShown = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly name: string,
  ) {}

  /** Updates the display for one event; ignores events that do not move progress. */
  handle(ev: TranslateEvent): void {
    if (ev.type === 'progress') {
      const percent = Math.round(ev.fraction * 100);
      const total = ev.totalKnown ? String(ev.total) : `${ev.total}+`;
      const elapsed = (ev.elapsedMs / 1000).toFixed(1);
      const status = `${this.name}: ${ev.done}/${total} pieces, ${percent}%, ${elapsed} s`;
      if (this.stream.isTTY) {
        const width = 24;
        const filled = Math.round(ev.fraction * width);
        this.stream.write(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${status}`);
        this.barShown = true;
      } else {
        this.stream.write(`${status}\n`);
      }
    } else if (ev.type === 'exportProgress') {
      const status = `${this.name}: writing ${ev.file.split(/[\\/]/).pop()}, ${Math.round(ev.fraction * 100)}%`;
      if (this.stream.isTTY) {
        this.stream.write(`\r\x1b[K${status}`);
        this.barShown = true;
      } else if (ev.fraction === 0 || ev.fraction === 1) {
        this.stream.write(`${status}\n`);
      }
    } else if (ev.type === 'pieceRetry') {
      // The reason already names the piece by its time range, which is what the user can find.
      // A piece split at the output limit goes again at once: "Retrying in 0.0 s" would say nothing.
      this.line(ev.delayMs > 0 ? `${this.name}: ${ev.reason} Retrying in ${(ev.delayMs / 1000).toFixed(1)} s.` : `${this.name}: ${ev.reason}`);
    } else if (ev.type === 'note') {
      this.line(`${this.name}: ${withNextStep(ev.message, ev.next)}`);
    }
  }

  /** Clears the bar so other output starts on a clean line. */
  clear(): void {
    if (!this.barShown) return;
    this.stream.write('\r\x1b[K');
    this.barShown = false;
  }

  /** Prints a line above the bar. */
  line(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
  }
}
