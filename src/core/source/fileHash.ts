import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** The SHA-256 of a file's bytes as lower-case hex, read as a stream so any size costs little memory. */
export async function hashFile(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), hash, { signal });
  return hash.digest('hex');
}

/**
 * The key under which a source's pieces are cached: its content hash for the first audio track
 * (as before tracks could be chosen, so earlier caches still resume), and a hash of that and the
 * track for any other, since another track of the same bytes is other audio.
 */
export function trackKey(contentHash: string, info: { audioTrack?: number }): string {
  const track = info.audioTrack ?? 0;
  if (track === 0) return contentHash;
  return createHash('sha256').update(`${contentHash}:a:${track}`).digest('hex');
}
