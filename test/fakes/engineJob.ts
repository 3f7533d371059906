import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TranslateEvent } from '../../src/core/events';
import { buildJob, type RequestPolicy, type TranslateJob } from '../../src/core/job';
import { translate } from '../../src/core/translate';

/** Where a test's job sends its requests and writes its outputs. */
export interface JobTarget {
  apiKey: string;
  baseUrl: string;
  /** A folder; each job writes into a fresh one inside it. */
  dir: string;
}

/**
 * A text-only job (`.srt` and `.txt`, English, failing rather than overwriting) with the engine's
 * defaults, writing into a fresh folder; `policy` overrides single request settings.
 */
export function engineJob(input: string, to: JobTarget, policy: Partial<RequestPolicy> = {}): TranslateJob {
  return buildJob({
    input,
    targetLanguage: 'en',
    formats: ['srt', 'txt'],
    outDir: fs.mkdtempSync(path.join(to.dir, 'out-')),
    apiKey: to.apiKey,
    baseUrl: to.baseUrl,
    policy,
  });
}

/** Every event of a run, in order; rejects as the run does. */
export async function collectEvents(job: TranslateJob): Promise<TranslateEvent[]> {
  const events: TranslateEvent[] = [];
  for await (const ev of translate(job)) events.push(ev);
  return events;
}
