import * as vscode from 'vscode';

/** How much of the channel's text is kept for the test hook (the channel itself keeps everything). */
const mirrorLimit = 1_000_000;

/**
 * The "Media Translate" output channel: the translated text, which is product output. It also keeps
 * a copy of the recent text so the hidden `transcriptText` command can show tests what people saw.
 */
export class Transcript implements vscode.Disposable {
  private mirror = '';

  constructor(private readonly channel: vscode.OutputChannel) {}

  append(text: string): void {
    this.channel.append(text);
    this.keep(text);
  }

  appendLine(text: string): void {
    this.append(`${text}\n`);
  }

  /** Brings the channel into view without taking focus. */
  show(): void {
    this.channel.show(true);
  }

  /** The text appended so far (its last megabyte). */
  text(): string {
    return this.mirror;
  }

  dispose(): void {
    this.channel.dispose();
  }

  private keep(text: string): void {
    this.mirror += text;
    if (this.mirror.length > mirrorLimit) this.mirror = this.mirror.slice(-mirrorLimit);
  }
}
