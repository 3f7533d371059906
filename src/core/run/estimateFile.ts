import { checkFile } from '../source/openSource';
import { probeMedia } from '../source/probe';
import { estimateRun, type Estimate } from './estimate';

/** What an estimate of a file needs: where ffprobe is, and the options that change the tokens. */
export interface EstimateFileOptions {
  ffprobePath: string;
  segmentSeconds: number;
  speech: boolean;
  signal?: AbortSignal;
}

/**
 * The estimate of one file from its duration, read with ffprobe (or a WAV header); nothing is
 * decoded and nothing is sent. Throws the TranslateError a run would give for a missing, empty or
 * unreadable file.
 */
export async function estimateFile(file: string, o: EstimateFileOptions): Promise<Estimate> {
  await checkFile(file);
  const info = await probeMedia(file, { ffprobePath: o.ffprobePath, signal: o.signal });
  return estimateRun({ durationSeconds: info.durationSeconds, segmentSeconds: o.segmentSeconds, speech: o.speech });
}
