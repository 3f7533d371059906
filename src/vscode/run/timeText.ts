import * as l10n from '@vscode/l10n';
import { clock } from '../../core/timeline';

export { clock };

/** A time range for the transcript: `[01:20 → 01:50]`. */
export function range(start: number, end: number): string {
  return end > start ? `[${clock(start)} → ${clock(end)}]` : l10n.t('[whole file]');
}

/** A count with thousands separators: `45,678`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
