import type { TranslateEvent } from '../../core/events';

/**
 * A consumer of one run's events: the notification, the output channel, the editor tab, the status
 * bar and the log each get every event in source order and show it their own way.
 */
export interface Sink {
  handle(ev: TranslateEvent): void;
  /** Called once when the run ends; `error` is undefined on success. The run waits for the promise. */
  end?(error: unknown): void | Promise<void>;
  dispose?(): void;
}
