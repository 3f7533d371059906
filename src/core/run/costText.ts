import { clock } from '../timeline';
import { tokenKinds, totalOf, type Estimate, type TokenCounts } from './estimate';
import { costOf, type Prices } from './prices';

/** How each kind of token is named in a summary. */
const kindNames: Readonly<Record<keyof TokenCounts, string>> = {
  inputAudio: 'audio in',
  inputVideo: 'video in',
  outputText: 'text out',
  outputAudio: 'speech out',
};

/**
 * Tokens as one phrase, each kind that has any, then the total: "9,012 audio in + 2,104 text out =
 * 11,116 tokens". Audio in is always named, since every run sends audio.
 */
export function tokensText(tokens: TokenCounts, o: { rounded?: boolean } = {}): string {
  const shown = o.rounded ? roundTokens(tokens) : tokens;
  const parts = tokenKinds.filter((k) => k === 'inputAudio' || shown[k] > 0).map((k) => `${count(shown[k])} ${kindNames[k]}`);
  return `${parts.join(' + ')} = ${count(totalOf(shown))} tokens`;
}

/** A cost in the prices' currency, "1.24 USD"; small sums keep two significant digits. */
export function moneyText(amount: number, currency: string): string {
  const figure = amount === 0 ? '0' : amount >= 1 ? amount.toFixed(2) : amount.toPrecision(2);
  return currency ? `${figure} ${currency}` : figure;
}

/** The cost of `tokens` as text, or undefined when there are no prices (or one is missing). */
export function costText(tokens: TokenCounts, prices: Prices | undefined): string | undefined {
  const cost = costOf(tokens, prices);
  return cost === undefined || !prices ? undefined : moneyText(cost, prices.currency);
}

/**
 * An estimate in one line: "12:00 of media in about 24 pieces, about 9,000 audio in + 2,000 text out
 * = 11,000 tokens, about 0.14 USD". Without prices it ends at the tokens.
 */
export function estimateText(e: Estimate, prices: Prices | undefined): string {
  const pieces = `about ${e.pieces} piece${e.pieces === 1 ? '' : 's'}`;
  const cost = costText(roundTokens(e.tokens), prices);
  return `${clock(e.durationSeconds)} of media in ${pieces}, about ${tokensText(e.tokens, { rounded: true })}${cost ? `, about ${cost}` : ''}`;
}

/** What a run used, in one phrase: the tokens the API reported and, with prices, what they cost. */
export function usageText(tokens: TokenCounts, prices: Prices | undefined): string {
  const cost = costText(tokens, prices);
  return `${tokensText(tokens)}${cost ? `, ${cost}` : ''}`;
}

/** A count with thousands separators: "45,678". */
function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Estimates shown to two significant digits, so they do not read as measured. */
function roundTokens(tokens: TokenCounts): TokenCounts {
  const round = (n: number): number => {
    if (n < 100) return Math.round(n);
    const step = 10 ** (Math.floor(Math.log10(n)) - 1);
    return Math.round(n / step) * step;
  };
  return { inputAudio: round(tokens.inputAudio), inputVideo: round(tokens.inputVideo), outputText: round(tokens.outputText), outputAudio: round(tokens.outputAudio) };
}
