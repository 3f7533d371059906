import * as vscode from 'vscode';

/**
 * The "Media Translate Log" channel: levelled diagnostics, never product output and never the key.
 * Every line passes through `redact`, so even a key that slipped into an error text is masked.
 */
export class Log implements vscode.Disposable {
  private readonly secrets = new Set<string>();

  constructor(private readonly channel: vscode.LogOutputChannel) {}

  /** Masks `secret` in every later line (call it with each key the extension reads). */
  protect(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  info(message: string): void {
    this.channel.info(this.redact(message));
  }

  warn(message: string): void {
    this.channel.warn(this.redact(message));
  }

  debug(message: string): void {
    this.channel.debug(this.redact(message));
  }

  /** Logs a failure with everything useful for a bug report: reason, status, detail, stack, cause. */
  error(context: string, e: unknown): void {
    this.channel.error(this.redact(`${context}: ${describe(e)}`));
  }

  /** Brings the log into view. */
  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const fields = e as Error & { reason?: string; status?: number; detail?: string };
  const parts = [fields.reason ? `[${fields.reason}]` : '', fields.status ? `HTTP ${fields.status}` : '', e.message]
    .filter(Boolean)
    .join(' ');
  const detail = fields.detail ? `\n  detail: ${fields.detail}` : '';
  const stack = e.stack ? `\n${e.stack.split('\n').slice(1).join('\n')}` : '';
  const cause = e.cause ? `\n  cause: ${describe(e.cause)}` : '';
  return parts + detail + stack + cause;
}
