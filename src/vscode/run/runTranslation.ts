import * as vscode from 'vscode';
import { TranslateError } from '../../core/errors';
import type { RunSummary, TranslateEvent } from '../../core/events';
import type { Prices } from '../../core/run/prices';
import * as msg from '../messages';
import type { Services } from '../services';
import type { OpenAfter, OpenIn } from '../settings';
import { EditorSink } from './editorSink';
import { LogSink } from './logSink';
import { ProgressSink } from './progressSink';
import type { Sink } from './sink';
import { StatusBarSink } from './statusBarSink';
import { toAbortSignal } from './toAbortSignal';
import { TranscriptSink } from './transcriptSink';

/** One run as the VS Code layer sees it: names to show and the engine call to make. */
export interface RunRequest {
  /** The source's file name (or the URL's), shown in the notification and the status bar. */
  name: string;
  /** The target language's name, for the transcript header. */
  languageName: string;
  /** The name the live tab shows, e.g. `interview.en.srt`. */
  liveName: string;
  openAfter: OpenAfter;
  /** The person's prices, so the summary can say what the run cost; undefined shows tokens only. */
  prices?: Prices;
  /** Where the live tab and the result open. */
  openIn: OpenIn;
  /** Starts the engine with the run's AbortSignal: `translate(job, signal)` or `translateUrl(…)`. */
  start: (signal: AbortSignal) => AsyncIterable<TranslateEvent>;
}

/**
 * Runs one translation under a cancellable notification and fans every event out to the sinks.
 * Resolves with the engine's summary; rejects with the engine's error (a TranslateError with reason
 * `cancelled` when the person or the Cancel command stopped it).
 */
export function runTranslation(s: Services, req: RunRequest): Promise<RunSummary> {
  const options = { location: vscode.ProgressLocation.Notification, cancellable: true, title: msg.translating(req.name) };
  return Promise.resolve(
    vscode.window.withProgress(options, async (progress, token) => {
      const abort = toAbortSignal(token);
      const registration = s.runs.add(abort);
      s.transcript.show();
      const sinks: Sink[] = [
        new ProgressSink(progress),
        new TranscriptSink(s.transcript, req.name, req.languageName, req.prices),
        new LogSink(s.log, req.name, req.prices),
        new StatusBarSink(req.name),
        new EditorSink(s.live, req.openAfter, req.liveName, req.openIn),
      ];
      let summary: RunSummary | undefined;
      let failure: unknown;
      try {
        for await (const ev of req.start(abort.signal)) {
          for (const sink of sinks) deliver(s, sink, ev);
          if (ev.type === 'done') summary = ev.summary;
        }
        if (!summary) throw new Error('The engine ended without reporting what it wrote.');
      } catch (e) {
        failure = abort.signal.aborted && !TranslateError.is(e, 'cancelled')
          ? new TranslateError('cancelled', `Translation of ${req.name} was cancelled.`, { cause: e })
          : e;
      }
      for (const sink of sinks) await endSink(s, sink, failure);
      for (const sink of sinks) sink.dispose?.();
      registration.dispose();
      abort.dispose();
      if (failure !== undefined) throw failure;
      s.firstRun.translated(summary as RunSummary, req.openAfter !== 'none');
      return summary as RunSummary;
    }),
  );
}

/** A sink that throws must not stop the run; its bug goes to the log. */
function deliver(s: Services, sink: Sink, ev: TranslateEvent): void {
  try {
    sink.handle(ev);
  } catch (e) {
    s.log.error(`A display of the run failed on a ${ev.type} event`, e);
  }
}

async function endSink(s: Services, sink: Sink, failure: unknown): Promise<void> {
  try {
    await sink.end?.(failure);
  } catch (e) {
    s.log.error('A display of the run failed while finishing', e);
  }
}
