// The tally of a UI script's checks: each check prints one ✔/✘ line as it ends (with what it saw on the
// next line), a failure takes a screenshot of the workbench, and the script ends with the
// `N passed, N failed[, N skipped]` line test/run.mjs reads.
import { summaryLine } from '../host/codeServer.mjs';

/** Thrown by a fatal check that failed, to end the run without counting another failure. */
export class StopRun extends Error {}

export class Checks {
  /**
   * @param {{
   *   shots: import('./workbench.mjs').Screenshots,
   *   failedShot?: (name: string, count: number) => string | undefined,
   *   timed?: boolean,
   *   fatal?: boolean,
   * }} options
   *   `failedShot` names the screenshot of a failed check (from its name and how many checks have run);
   *   `timed` adds each check's duration to its line; `fatal` makes a failed check end the run unless
   *   the check says otherwise.
   */
  constructor({ shots, failedShot, timed = false, fatal = false }) {
    this.shots = shots;
    this.failedShot = failedShot;
    this.timed = timed;
    this.fatal = fatal;
    /** The workbench page, once open; a failure is screenshotted from it. */
    this.page = undefined;
    this.passed = 0;
    this.failed = 0;
    this.skipped = 0;
  }

  /**
   * Runs one named check. `fn` may return a note of what it saw, printed under the ✔ line.
   * @param {{ failedShot?: string, fatal?: boolean }} [options] a screenshot name for this check's failure
   * @returns {Promise<boolean>} whether it passed
   */
  async check(name, fn, { failedShot, fatal = this.fatal } = {}) {
    const started = Date.now();
    const took = () => (this.timed ? ` (${seconds(Date.now() - started)})` : '');
    try {
      const note = await fn();
      this.passed++;
      console.log(`  ✔ ${name}${took()}${note ? `\n      ${note}` : ''}`);
      return true;
    } catch (e) {
      this.failed++;
      console.log(`  ✘ ${name}${took()}\n      ${e instanceof Error ? e.message : e}`);
      await this.screenshotFailure(failedShot ?? this.failedShot?.(name, this.passed + this.failed));
      if (fatal) throw new StopRun();
      return false;
    }
  }

  /** Counts a check that could not say anything this run. */
  skip(name, why) {
    this.skipped++;
    console.log(`  - ${name}: skipped, ${why}`);
  }

  /** Counts an error outside any check (the workbench did not load, say) as one more failure. */
  async crash(label, e) {
    this.failed++;
    console.log(`  ✘ ${label}: ${e instanceof Error ? e.message : e}`);
    if (e instanceof Error && e.stack) console.error(e.stack);
    await this.screenshotFailure(this.failedShot?.(label, this.passed + this.failed));
  }

  async screenshotFailure(name) {
    if (name && this.page) await this.shots.take(this.page, name).catch(() => {});
  }

  summary() {
    return summaryLine(this);
  }
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
