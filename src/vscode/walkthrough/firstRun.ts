import * as vscode from 'vscode';
import type { RunSummary } from '../../core/events';
import { regionBaseUrls, type Region } from '../../core/job';
import { KeyStore } from '../keyStore';

/** The context keys the Getting Started walkthrough's steps complete on (see package.json). */
export const walkthroughContext = {
  hasApiKey: 'mediaTranslate.hasApiKey',
  ffmpegFound: 'mediaTranslate.ffmpegFound',
  hasTranslated: 'mediaTranslate.hasTranslated',
  resultOpened: 'mediaTranslate.resultOpened',
} as const;

/** The walkthrough's id as `workbench.action.openWalkthrough` takes it: `<publisher>.<name>#<id>`. */
export const walkthroughId = 'media-translate.media-translate#gettingStarted';


const lastResultKey = 'mediaTranslate.lastResult';
const openedKey = 'mediaTranslate.resultOpened';

/**
 * What a newcomer has done so far, as context keys, so that each walkthrough step completes by
 * itself: a key stored in either region, ffmpeg found, a translation finished, its result opened.
 * The last two outlive the window in global state; the key is looked up again whenever the secrets
 * change, whichever command changed them.
 */
export class FirstRun implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  /** The walkthrough's step ids by the context key that completes them, as package.json says. */
  private readonly steps: ReadonlyMap<string, readonly string[]>;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.steps = stepsByContextKey(context.extension.packageJSON);
    this.subscription = context.secrets.onDidChange(() => void this.refreshKey());
    void this.refreshKey();
    const last = this.lastResult();
    if (last) void this.setContext(walkthroughContext.hasTranslated, true);
    if (context.globalState.get<boolean>(openedKey)) void this.setContext(walkthroughContext.resultOpened, true);
  }

  /** The file the last finished run opened or would open: its subtitles, else its text. */
  lastResult(): string | undefined {
    return this.context.globalState.get<string>(lastResultKey);
  }

  /** A run finished: remembers its result, and that it was opened when the run opened it. */
  translated(summary: RunSummary, opened: boolean): void {
    const file = summary.files.srt ?? summary.files.vtt ?? summary.files.txt;
    if (!file) return;
    void this.context.globalState.update(lastResultKey, file);
    void this.setContext(walkthroughContext.hasTranslated, true);
    if (opened) this.opened();
  }

  /** The result was shown in an editor. */
  opened(): void {
    void this.context.globalState.update(openedKey, true);
    void this.setContext(walkthroughContext.resultOpened, true);
  }

  /** ffmpeg answered, or did not. */
  ffmpeg(found: boolean): void {
    void this.setContext(walkthroughContext.ffmpegFound, found);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  /**
   * Sets a step's context key, and when it is true also marks its steps complete. The workbench
   * starts watching the keys only when the walkthrough is first opened, and a key that is true by
   * then never completes its step: a key set or ffmpeg checked before the walkthrough was opened
   * left their steps unticked for good.
   */
  private async setContext(key: string, value: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', key, value);
    if (!value) return;
    for (const step of this.steps.get(key) ?? []) {
      // The workbench's own command (VS Code's "Mark Step Complete"); an editor without it still has the context key.
      await Promise.resolve(vscode.commands.executeCommand('welcome.markStepComplete', `${walkthroughId}#${step}`)).catch(() => undefined);
    }
  }

  private async refreshKey(): Promise<void> {
    const keys = new KeyStore(this.context.secrets);
    const regions = Object.keys(regionBaseUrls) as Region[];
    const stored = await Promise.all(regions.map((r) => keys.get(r)));
    await this.setContext(walkthroughContext.hasApiKey, stored.some((k) => k !== undefined));
  }
}

/** For each `onContext:<key>` completion event of the walkthrough, the ids of the steps it completes. */
function stepsByContextKey(packageJson: unknown): Map<string, string[]> {
  const contributes = (packageJson as { contributes?: { walkthroughs?: { id: string; steps: { id: string; completionEvents?: string[] }[] }[] } }).contributes;
  const steps = new Map<string, string[]>();
  const walkthrough = contributes?.walkthroughs?.find((w) => walkthroughId.endsWith(`#${w.id}`));
  for (const step of walkthrough?.steps ?? []) {
    for (const event of step.completionEvents ?? []) {
      const key = /^onContext:(.+)$/u.exec(event)?.[1];
      if (key) steps.set(key, [...(steps.get(key) ?? []), step.id]);
    }
  }
  return steps;
}
