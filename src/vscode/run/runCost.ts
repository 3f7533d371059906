import * as path from 'node:path';
import { costOf } from '../../core/run/prices';
import { estimateText } from '../../core/run/costText';
import { addEstimates, estimateRun, type Estimate } from '../../core/run/estimate';
import { estimateFile } from '../../core/run/estimateFile';
import * as msg from '../messages';
import { showNotice } from '../notices';
import type { Settings } from '../settings';

/** How long the last pick step waits for the files' durations before it shows without an estimate. */
const pickWaitMs = 3000;

/**
 * The durations of the files about to be translated, read with ffprobe one file after another as
 * soon as the files are known, so the last pick step rarely waits for them. A file that cannot be
 * read has no estimate; the run itself says why.
 */
export class RunEstimates {
  private readonly durations = new Map<string, Promise<number | undefined>>();

  constructor(
    files: readonly string[],
    private readonly settings: Settings,
  ) {
    let previous: Promise<unknown> = Promise.resolve();
    for (const file of files) {
      const duration = previous.then(() =>
        estimateFile(file, { ffprobePath: settings.ffprobePath, segmentSeconds: settings.segmentSeconds, speech: false }).then(
          (e) => e.durationSeconds,
          () => undefined,
        ),
      );
      this.durations.set(file, duration);
      previous = duration;
    }
  }

  /** The estimate of one file, or undefined when its duration could not be read. */
  async forFile(file: string, speech: boolean): Promise<Estimate | undefined> {
    const seconds = await this.durations.get(file);
    return seconds === undefined ? undefined : this.estimate(seconds, speech);
  }

  /**
   * All the files as one line for the last pick step: "10:00 of media in about 23 pieces, about …
   * tokens". Undefined when no duration could be read, or not in time for the pick.
   */
  async line(speech: boolean): Promise<string | undefined> {
    const all = Promise.all([...this.durations.values()]);
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), pickWaitMs));
    const seconds = await Promise.race([all, timeout]);
    const known = (seconds ?? []).filter((s): s is number => s !== undefined);
    if (known.length === 0) return undefined;
    const estimate = addEstimates(known.map((s) => this.estimate(s, speech)));
    return estimateText(estimate, this.settings.prices);
  }

  private estimate(durationSeconds: number, speech: boolean): Estimate {
    return estimateRun({ durationSeconds, segmentSeconds: this.settings.segmentSeconds, speech });
  }
}

/**
 * Asks before a run of media longer than `mediaTranslate.confirmAboveMinutes`, showing its
 * duration, pieces, estimated tokens and, with prices, cost. True to go on: the run is short, the
 * question is off, the duration is unknown (the run will say why), or the person said Translate.
 */
export async function confirmCost(file: string, estimate: Estimate | undefined, settings: Settings): Promise<boolean> {
  const limit = settings.confirmAboveMinutes;
  if (!estimate || limit <= 0 || estimate.durationSeconds <= limit * 60) return true;
  const priced = costOf(estimate.tokens, settings.prices) !== undefined;
  const text = msg.confirmLongRun(path.basename(file), estimateText(estimate, settings.prices), limit, priced);
  return (await showNotice('warning', text, [msg.translateAnyway()])) === msg.translateAnyway();
}
