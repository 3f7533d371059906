import { tokenKinds, type TokenCounts } from './estimate';

/**
 * What the person pays per million tokens of each kind, in one currency. No price is documented for
 * this model, so every figure comes from the person; a kind left out has no known price.
 */
export interface Prices {
  currency: string;
  inputAudio?: number;
  inputVideo?: number;
  outputText?: number;
  outputAudio?: number;
}

/** The names a price may be given under, as the settings and `--prices` spell them. */
export const priceKeys: readonly (keyof TokenCounts)[] = tokenKinds;

/**
 * A Prices from untyped input (a setting, parsed JSON): the known kinds that are finite numbers of
 * zero or more, and the currency. Undefined when no kind has a price, so "no prices" is one case.
 */
export function readPrices(value: unknown): Prices | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const prices: Prices = { currency: typeof v.currency === 'string' && v.currency.trim() ? v.currency.trim() : '' };
  let any = false;
  for (const key of priceKeys) {
    const n = v[key];
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) {
      prices[key] = n;
      any = true;
    }
  }
  return any ? prices : undefined;
}

/**
 * What `tokens` cost at `prices`, in the prices' currency. Undefined when a kind that has tokens has
 * no price, since a total that leaves out part of the run would read as the whole of it.
 */
export function costOf(tokens: TokenCounts, prices: Prices | undefined): number | undefined {
  if (!prices) return undefined;
  let cost = 0;
  for (const key of priceKeys) {
    if (tokens[key] === 0) continue;
    const price = prices[key];
    if (price === undefined) return undefined;
    cost += (tokens[key] * price) / 1_000_000;
  }
  return cost;
}

/** The kinds that have tokens but no price: what a cost of "unknown" is missing. */
export function unpricedKinds(tokens: TokenCounts, prices: Prices | undefined): (keyof TokenCounts)[] {
  return priceKeys.filter((k) => tokens[k] > 0 && prices?.[k] === undefined);
}
