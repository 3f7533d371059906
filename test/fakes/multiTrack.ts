import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { makeSilence, makeSpeech } from './media';

const run = promisify(execFile);

/** Where a two-track file is, and which track holds the speech. */
export interface TwoTrackMedia {
  file: string;
  /** The 0-based index, among audio tracks, of the track that holds speech. */
  speechTrack: number;
}

/**
 * A Matroska file with two audio tracks, as a film with commentary or a second language has: the
 * first is silent (English, "Silence") and the second (German, "Dialogue") holds speech and carries
 * the default disposition, so a player starts with it. With `markDefault: false` neither is marked.
 */
export async function makeTwoTrackMkv(o: { dir: string; name: string; markDefault?: boolean }): Promise<TwoTrackMedia> {
  const work = fs.mkdtempSync(path.join(o.dir, 'tracks-'));
  const speech = await makeSpeech({
    dir: work,
    name: 'speech',
    segments: [
      { text: 'Good morning, and welcome to the meeting.', at: 0.5 },
      { text: 'We will talk about the budget today.', at: 5 },
    ],
    totalSeconds: 9,
  });
  const silence = await makeSilence({ dir: work, name: 'silence', seconds: 9 });
  const file = path.join(o.dir, `${o.name}.mkv`);
  await run('ffmpeg', [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
    '-i', silence.file, '-i', speech.file,
    '-map', '0:a', '-map', '1:a', '-c:a', 'libvorbis', '-q:a', '1',
    '-metadata:s:a:0', 'language=eng', '-metadata:s:a:0', 'title=Silence',
    '-metadata:s:a:1', 'language=ger', '-metadata:s:a:1', 'title=Dialogue',
    '-disposition:a:0', '0', '-disposition:a:1', o.markDefault === false ? '0' : 'default',
    file,
  ]);
  fs.rmSync(work, { recursive: true, force: true });
  return { file, speechTrack: 1 };
}
