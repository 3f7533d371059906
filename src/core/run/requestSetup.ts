import type OpenAI from 'openai';
import { createClient } from '../api/client';
import { Pacer } from '../api/pacing';
import type { ApiOptions, RequestPolicy } from '../job';

/** The client and the pacer every request of a run goes through. */
export interface RequestSetup {
  client: OpenAI;
  pacer: Pacer;
}

/**
 * The one way a run, or the retranslation of one piece, gets its client and pacer, so both send
 * requests under the same budgets.
 */
export function requestSetup(job: { api: ApiOptions; policy: RequestPolicy }): RequestSetup {
  return {
    client: createClient(job.api),
    pacer: new Pacer({
      requestsPerMinute: job.policy.requestsPerMinute,
      tokensPerMinute: job.policy.tokensPerMinute,
      concurrency: job.policy.concurrency,
      // The pacer counts a request from when its answer begins (Permit.answered), later than the
      // server counts it on arrival; a second of margin more covers a server whose clock or count
      // runs a little apart from ours.
      windowMs: (job.policy.rateWindowSeconds ?? 60) * 1000 + 1000,
    }),
  };
}
