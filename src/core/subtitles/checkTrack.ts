import type { Cue } from './cue';
import { formatSrt, formatTimestamp } from './srt';
import { findLanguage } from '../options/languages';
import { checkCues } from './checkCues';
import { parseSrt } from './parseSrt';
import type { SubtitleRules } from './profiles';
import type { SubtitleProblem } from './subtitleDocument';

/** A cue of a run's own track that breaks one of the profile's hard limits. */
export interface TrackProblem {
  start: number;
  problem: SubtitleProblem;
}

/**
 * The hard-limit problems of a run's own cues, found by the same checks the editor shows: the track
 * is written as SubRip and read back, so what is checked is exactly the file a user gets. Advisory
 * limits (the reading speed of Chinese, Japanese and Korean) are left out.
 */
export function checkTrack(cues: readonly Cue[], rules: SubtitleRules): TrackProblem[] {
  const parsed = parseSrt(formatSrt(cues));
  return checkCues(parsed, rules)
    .filter((p) => p.severity !== 'info')
    .map((problem) => ({ start: problem.cueIndex === undefined ? 0 : parsed.cues[problem.cueIndex].start, problem }));
}

/**
 * One sentence for the run's summary that counts the cues breaking a hard limit and names the first
 * few by time, so a user knows where to look; undefined when there are none.
 */
export function describeTrackProblems(found: readonly TrackProblem[], rules: SubtitleRules): string | undefined {
  if (found.length === 0) return undefined;
  const cues = new Set(found.map((f) => f.start)).size;
  const language = findLanguage(rules.language)?.name ?? rules.language;
  const named = found
    .slice(0, maxNamed)
    .map((f) => `${formatTimestamp(f.start, '.')}: ${f.problem.message.replace(/\.$/u, '')}`)
    .join('; ');
  const more = found.length > maxNamed ? `; and ${found.length - maxNamed} more` : '';
  return `${cues} cue${cues === 1 ? '' : 's'} break${cues === 1 ? 's' : ''} the ${rules.profile} limits for ${language}: ${named}${more}.`;
}

const maxNamed = 3;
