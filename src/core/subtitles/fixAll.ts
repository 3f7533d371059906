import { checkCues, firstSafeFix } from './checkCues';
import { parseSubtitles } from './parseSubtitles';
import type { SubtitleRules } from './profiles';
import type { SubtitleFormat, TextEdit } from './subtitleDocument';
import { applyEdits } from './textEdits';

/**
 * Applies every safe fix (timing, line breaks, numbering, order, empty cues, the header) until none
 * is left, and returns the new text with how many fixes went in. Fixes are computed on the text as
 * it stands, so each round applies only fixes whose edits share no line, then checks again.
 */
export function fixAllSafe(text: string, format: SubtitleFormat, rules: SubtitleRules): { text: string; applied: number } {
  let current = text;
  let applied = 0;
  const seen = new Set([text]);
  for (let round = 0; round < maxRounds; round++) {
    const chosen: TextEdit[] = [];
    const taken = new Set<number>();
    for (const problem of checkCues(parseSubtitles(current, format), rules)) {
      const fix = firstSafeFix(problem);
      if (!fix) continue;
      const lines = fix.edits.flatMap((e) => span(e.range.startLine, e.range.endLine));
      if (lines.some((l) => taken.has(l))) continue;
      lines.forEach((l) => taken.add(l));
      chosen.push(...fix.edits);
      applied++;
    }
    if (chosen.length === 0) break;
    const next = applyEdits(current, chosen);
    // A fix that undoes another would go round for ever; stop at the first repeat.
    if (seen.has(next)) break;
    seen.add(next);
    current = next;
  }
  return { text: current, applied };
}

const maxRounds = 50;

function span(first: number, last: number): number[] {
  const out: number[] = [];
  for (let l = first; l <= last; l++) out.push(l);
  return out;
}
