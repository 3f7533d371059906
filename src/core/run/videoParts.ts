import * as path from 'node:path';
import { stageDubbedVideo } from '../export/dubbedVideo';
import { TranslateError } from '../errors';
import type { DubFit, TranslateEvent } from '../events';
import type { TranslationRecord } from '../record/schema';
import type { AtomicFile } from '../output/atomicFile';
import type { MediaInfo } from '../source/probe';
import { cutVideoClip, fitSize } from '../source/videoClip';
import { Mailbox } from './mailbox';
import type { PieceVideo } from './translatePiece';
import type { ValidJob } from './validateJob';

/** Fails with one sentence when the job needs a picture (`mp4`, or video context `always`) that the source lacks. */
export function requirePicture(job: ValidJob, info: MediaInfo): void {
  if (info.hasVideo) return;
  const name = path.basename(job.input);
  if (job.formats.includes('mp4')) {
    throw new TranslateError('badOption', `${name} has no picture, so there is no video to dub. Leave mp4 out of the formats; the dub track is the .wav.`);
  }
  if (job.videoContext === 'always') {
    throw new TranslateError('badOption', `${name} has no picture to send as video context.`, { next: 'chooseVideoContext' });
  }
}

/** How pieces go with their picture, or undefined when they go as audio (`never`, or a source without one). */
export function pieceVideo(job: ValidJob, info: MediaInfo): PieceVideo | undefined {
  if (job.videoContext === 'never' || !info.hasVideo) return undefined;
  const size = fitSize(info.videoWidth, info.videoHeight);
  return {
    ...size,
    clip: (span, signal) =>
      cutVideoClip(job.input, span, {
        ffmpegPath: job.ffmpegPath,
        audioTrack: info.audioTrack ?? 0,
        width: info.videoWidth,
        height: info.videoHeight,
        signal,
      }),
  };
}

/** The note that says the picture goes along, and what that costs. */
export function videoNote(input: string, video: PieceVideo): string {
  return `${path.basename(input)} has a picture: each piece goes as a ${video.width}×${video.height} clip at 2 frames per second, so the model can see who speaks and what is shown. Video tokens are counted apart.`;
}

/** Each dubbed piece's fit, in source order, from a finished record. */
export function dubFits(record: TranslationRecord): DubFit[] {
  return record.pieces
    .filter((p) => p.dub)
    .map((p) => ({ index: p.index, start: p.start, speed: p.dub?.speed ?? 1, shift: p.dub?.shift ?? 0 }));
}

/**
 * Writes the dubbed video at the end of a run from the staged dub track, yielding its progress as
 * events, and returns it uncommitted, to be put in place with the run's other outputs.
 */
export async function* exportVideo(
  job: ValidJob,
  record: TranslationRecord,
  files: { video: string; wav: string },
  signal: AbortSignal,
): AsyncGenerator<TranslateEvent, AtomicFile> {
  const box = new Mailbox<TranslateEvent>();
  let last = -1;
  const staged = stageDubbedVideo({
    record,
    source: job.input,
    dubWav: files.wav,
    out: files.video,
    mix: job.exportMix,
    ffmpegPath: job.ffmpegPath,
    ffprobePath: job.ffprobePath,
    signal,
    replace: job.ifExists === 'overwrite',
    onProgress: (fraction) => {
      // Whole percents only, so a long export does not flood the sinks.
      const percent = Math.floor(fraction * 100);
      if (percent === last) return;
      last = percent;
      box.push({ type: 'exportProgress', file: files.video, fraction });
    },
  });
  staged.then(
    () => box.close(),
    (e: unknown) => box.fail(e),
  );
  yield* box.drain();
  return await staged;
}
