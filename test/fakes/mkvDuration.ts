import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Re-encodes `source` as a Matroska file whose header states that it lasts `statedSeconds`,
 * however long its audio really is, as a file written by a muxer that stopped early can: ffprobe
 * reports the stated length and ffmpeg still decodes every block.
 */
export async function makeMkvStating(source: string, o: { dir: string; name: string; statedSeconds: number }): Promise<string> {
  const file = path.join(o.dir, `${o.name}.mkv`);
  await run('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', source, '-c:a', 'libvorbis', '-q:a', '1', file]);
  const bytes = fs.readFileSync(file);
  // The Segment Info's Duration element: ID 0x4489, size 8, a big-endian double in milliseconds.
  const at = bytes.indexOf(Buffer.from([0x44, 0x89, 0x88]));
  if (at < 0) throw new Error(`${file} has no 8-byte Duration element to rewrite.`);
  bytes.writeDoubleBE(o.statedSeconds * 1000, at + 3);
  fs.writeFileSync(file, bytes);
  return file;
}
