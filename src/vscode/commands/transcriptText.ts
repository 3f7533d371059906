import type { Services } from '../services';

/**
 * Hidden test hook: the text the "Media Translate" channel received, as the transcript sink wrote
 * it. VS Code offers no API to read an output channel back, so tests read this copy.
 */
export function transcriptText(s: Services) {
  return (): string => s.transcript.text();
}
