import type { DubFit } from '../events';
import { clock } from '../timeline';

/**
 * The sentence naming the dubbed lines that were sped up or start late, by where they are in the
 * source, or undefined when every line fit as spoken: the lines a person may want to shorten.
 */
export function describeDubFits(fits: readonly DubFit[]): string | undefined {
  const changed = fits.filter((f) => f.speed > 1 || f.shift > 0);
  if (changed.length === 0) return undefined;
  const parts = changed.map((f) => {
    const speed = f.speed > 1 ? `sped up ${f.speed.toFixed(2)}x` : '';
    const late = f.shift > 0 ? `${speed ? ' and ' : ''}${f.shift.toFixed(1)} s late` : '';
    return `${clock(f.start)} ${speed}${late}`;
  });
  const late = changed.some((f) => f.shift > 0);
  return (
    `Dub fitted: ${changed.length} of ${fits.length} line${fits.length === 1 ? '' : 's'} changed (${parts.join('; ')}).` +
    (late ? ' A line that starts late follows one at the speed limit: shorten that one.' : '')
  );
}
