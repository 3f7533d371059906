import * as path from 'node:path';
import { TranslateError } from '../core/errors';
import { ffprobeBeside } from '../core/job';
import { estimateText } from '../core/run/costText';
import { addEstimates, type Estimate } from '../core/run/estimate';
import { estimateFile } from '../core/run/estimateFile';
import { priceKeys, readPrices, type Prices } from '../core/run/prices';
import type { CliArgs } from './args';
import { withNextStep } from './advice';

/** What to tell someone who estimated without prices. */
export const noPricesHint = `No prices given, so only tokens are shown; add --prices currency=USD,${priceKeys.map((k) => `${k}=…`).join(',')} (per million tokens) for a cost.`;

/**
 * `--prices currency=USD,inputAudio=10,outputText=10`: prices per million tokens, each kind once, each
 * a number of zero or more. Throws an Error with one sentence, which the parser turns into a usage error.
 */
export function parsePrices(list: string): Prices {
  const raw: Record<string, unknown> = {};
  for (const item of list.split(',').map((x) => x.trim()).filter(Boolean)) {
    const [key = '', value = ''] = item.split('=').map((x) => x.trim());
    if (key === 'currency') {
      raw.currency = value;
      continue;
    }
    const kind = priceKeys.find((k) => k.toLowerCase() === key.toLowerCase());
    if (!kind) throw new Error(`Unknown price "${key}" in --prices; use currency, ${priceKeys.join(', ')}.`);
    const n = Number(value);
    if (value === '' || !Number.isFinite(n) || n < 0) throw new Error(`--prices needs a number of zero or more for ${key}, not "${value}".`);
    raw[kind] = n;
  }
  const prices = readPrices(raw);
  if (!prices) throw new Error(`--prices needs at least one price, for example --prices currency=USD,inputAudio=10,outputText=10.`);
  return prices;
}

/**
 * `--estimate`: each file's duration, pieces, tokens and (with --prices) cost, worked out from
 * ffprobe alone. Nothing is sent and no key is needed. Resolves with the lines to print and the
 * files that could not be read, each with one sentence.
 */
export async function estimateFiles(args: CliArgs): Promise<{ lines: string[]; failures: string[] }> {
  const ffprobePath = args.ffprobe?.trim() || ffprobeBeside(args.ffmpeg);
  const lines: string[] = [];
  const failures: string[] = [];
  const estimates: Estimate[] = [];
  for (const file of args.files) {
    try {
      const estimate = await estimateFile(file, { ffprobePath, segmentSeconds: args.segmentSeconds, speech: args.audio });
      estimates.push(estimate);
      lines.push(`${path.basename(file)}: ${estimateText(estimate, args.prices)}${args.audio ? ', with speech' : ''}.`);
    } catch (e) {
      if (!TranslateError.is(e)) throw e;
      failures.push(withNextStep(e.message, e.next).split('\n')[0]);
    }
  }
  if (estimates.length > 1) lines.push(`In all: ${estimateText(addEstimates(estimates), args.prices)}.`);
  if (estimates.length > 0 && !args.prices) lines.push(noPricesHint);
  return { lines, failures };
}
