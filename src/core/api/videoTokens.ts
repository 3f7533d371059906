/**
 * The video tokens the API documents for a clip: frames sampled at 2 per second (at least 4, at
 * most 128), each picture counted in 32-pixel tiles within the per-frame limits, every two frames
 * together, all within the total limit, plus 2. The clip's sound is counted apart, as audio.
 */
export function videoTokens(seconds: number, width: number, height: number): number {
  const frames = Math.min(maxFrames, Math.max(minFrames, Math.ceil(seconds * framesPerSecond)));
  const tiles = Math.min(maxTilesPerFrame, Math.max(minTilesPerFrame, Math.round(width / tile) * Math.round(height / tile)));
  return Math.min(Math.ceil(frames / 2) * tiles, maxTiles) + 2;
}

/** The sampling rate the model reads frames at. */
export const framesPerSecond = 2;
const minFrames = 4;
const maxFrames = 128;
const tile = 32;
const minTilesPerFrame = 128;
const maxTilesPerFrame = 768;
const maxTiles = 16_384;
