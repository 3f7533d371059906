/** One subtitle: shown from `start` to `end` (seconds on the source timeline). */
export interface Cue {
  start: number;
  end: number;
  /** One or two lines joined by "\n", each within the target language's line length. */
  text: string;
}
