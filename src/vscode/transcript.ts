import type * as vscode from 'vscode';

/** How much of the channel's text is kept for the test hook (the channel itself keeps everything). */
const mirrorLimit = 1_000_000;

/** Text waits at most this long before it goes to the channel, so that a stream of small appends is one write. */
const coalesceMs = 150;

/**
 * The "Media Translate" output channel: the translated text, which is product output. It also keeps
 * a copy of the recent text so the hidden `transcriptText` command can show tests what people saw.
 *
 * Appends are gathered for a moment and written together: while the channel is visible, VS Code
 * writes its file and tells the window of every append on the extension host's thread, and a
 * translation streams its text in many small slices.
 */
export class Transcript implements vscode.Disposable {
  private mirror = '';
  private pending = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly channel: vscode.OutputChannel) {}

  append(text: string): void {
    if (!text) return;
    this.pending += text;
    this.keep(text);
    this.timer ??= setTimeout(() => this.flush(), coalesceMs);
  }

  appendLine(text: string): void {
    this.append(`${text}\n`);
  }

  /** Brings the channel into view without taking focus. */
  show(): void {
    this.flush();
    this.channel.show(true);
  }

  /** Writes what is waiting to the channel now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending) return;
    this.channel.append(this.pending);
    this.pending = '';
  }

  /** The text appended so far (its last megabyte). */
  text(): string {
    return this.mirror.slice(-mirrorLimit);
  }

  dispose(): void {
    this.flush();
    this.channel.dispose();
  }

  private keep(text: string): void {
    this.mirror += text;
    // Cut back only once it holds twice the limit: cutting on every append would copy it each time.
    if (this.mirror.length > 2 * mirrorLimit) this.mirror = this.mirror.slice(-mirrorLimit);
  }
}
