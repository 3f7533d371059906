import type { Services } from '../services';

/** Show Translation Output: brings the "Media Translate" channel (the translated text) into view; the log is "Show Log". */
export function showOutput(s: Services) {
  return (): void => s.transcript.show();
}
