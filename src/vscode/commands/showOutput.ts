import type { Services } from '../services';

/** Show Output: brings the "Media Translate" channel (the translated text) into view. */
export function showOutput(s: Services) {
  return (): void => s.transcript.show();
}
