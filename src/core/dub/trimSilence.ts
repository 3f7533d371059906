import { int16Samples } from '../samples';
import { SPEECH_RATE } from '../timeline';

/**
 * The audible part of a piece's speech (24 kHz mono s16le) as [first, end) sample offsets: leading
 * and trailing frames quieter than a threshold set relative to the clip's own loudest frame
 * are dropped, keeping a short margin. Being relative, a quiet voice or a soft last word is kept
 * however low the clip's level is; an all-silent clip gives an empty range.
 */
export function audibleRange(pcm: Buffer): [number, number] {
  const view = int16Samples(pcm);
  const samples = view.length;
  const frames = Math.ceil(samples / frameSamples);
  const levels = new Float64Array(frames);
  let peak = 0;
  for (let f = 0; f < frames; f++) {
    const end = Math.min(samples, (f + 1) * frameSamples);
    let sum = 0;
    for (let i = f * frameSamples; i < end; i++) sum += view[i] * view[i];
    levels[f] = Math.sqrt(sum / Math.max(1, end - f * frameSamples));
    peak = Math.max(peak, levels[f]);
  }
  if (peak < silentRms) return [0, 0];
  const threshold = Math.max(silentRms, peak * relativeThreshold);
  let first = 0;
  while (first < frames && levels[first] < threshold) first++;
  let last = frames - 1;
  while (last > first && levels[last] < threshold) last--;
  const from = Math.max(0, (first - marginFrames) * frameSamples);
  const to = Math.min(samples, (last + 1 + marginFrames) * frameSamples);
  return [from, to];
}

/** Frames short enough to find a word's edge, long enough to measure its level. */
const frameSamples = SPEECH_RATE / 100;
/** Far below the loudest frame: breaths and room tone go, a soft final syllable stays. */
const relativeThreshold = 10 ** (-45 / 20);
/** A frame this quiet (in sample units) is silence whatever the clip's peak. */
const silentRms = 3;
/** Frames kept on each side of the audible part, so no attack or release is clipped. */
const marginFrames = 3;
