import type { OutputFormat } from '../job';
import type { PieceResult } from '../run/pieceResult';
import { RecordBuilder, type RecordStart } from '../record/buildRecord';
import { renderText, textFormats } from '../record/render';
import type { TranslationRecord } from '../record/schema';
import type { Usage } from '../api/usage';
import type { AtomicFile } from './atomicFile';
import type { Cue } from '../subtitles/cue';
import { DubTrack } from '../dub/dubTrack';
import { DubFitter, type FitOptions } from '../dub/fitDub';
import { defaults } from '../job';
import { abortAll, stageFile } from './outputSet';

/** A run's outputs in their temporary files, to be committed together or aborted. */
export interface StagedOutputs {
  record: TranslationRecord;
  files: AtomicFile[];
  /** The complete dub track's temporary file, when the run writes one. */
  dubTemp?: string;
}

/**
 * Turns finished pieces, fed in source order, into the run's translation record and every file
 * rendered from it. Text outputs are small and written at the end; the dub track grows on disk as
 * pieces arrive. Nothing appears under an output's own name until the staged files are committed,
 * and then all of them or none, so a failed or cancelled run leaves no half-written file.
 */
export class OutputWriter {
  private constructor(
    private readonly outputs: Partial<Record<OutputFormat, string>>,
    private readonly record: RecordBuilder,
    private readonly dub: DubTrack | undefined,
    private readonly replace: boolean,
    private readonly fitter: DubFitter | undefined,
  ) {}

  /**
   * Prepares the outputs planned for a run; the dub track's temporary file is opened now. With
   * `replace` false, a file that takes an output's name during the run is kept (`outputExists`).
   */
  static async open(
    outputs: Partial<Record<OutputFormat, string>>,
    start: RecordStart,
    o: { replace?: boolean; fit?: Partial<FitOptions> } = {},
  ): Promise<OutputWriter> {
    const replace = o.replace ?? true;
    const dub = outputs.wav ? await DubTrack.open(outputs.wav, { replace }) : undefined;
    const fit: FitOptions = { maxSpeed: o.fit?.maxSpeed ?? defaults.dubMaxSpeed, ffmpegPath: o.fit?.ffmpegPath ?? 'ffmpeg', signal: o.fit?.signal };
    return new OutputWriter(outputs, new RecordBuilder(start), dub, replace, dub ? new DubFitter(dub, fit) : undefined);
  }

  /**
   * Adds the next piece in source order and returns its cues. Its speech is meant to start where its
   * source speech starts, and is fitted into the dub track once the next piece (or the end) says
   * how long its slot is.
   */
  async add(index: number, result: PieceResult): Promise<Cue[]> {
    const first = this.record.pieceCount;
    const cues = this.record.add(index, result);
    if (!this.fitter) return cues;
    for (const [k, part] of result.parts.entries()) {
      if (part.pcm.length > 0) await this.fitter.add(part.span.speech[0]?.start ?? part.span.start, part.pcm, (placed) => this.record.setDub(first + k, placed));
    }
    return cues;
  }

  /** The sentence naming the cues that break a hard limit of the profile, if any: for the run's warnings. */
  trackProblems(): string | undefined {
    return this.record.trackProblems();
  }

  /**
   * Renders every output from the finished record into its temporary file (the dub track padded
   * to the source's length), none under its own name yet: the caller may write one more output
   * from them (the dubbed video, from the staged dub track), then commits them all together
   * (`commitTogether`) or aborts them all.
   */
  async stage(usage: Usage, warnings: string[]): Promise<StagedOutputs> {
    await this.fitter?.finish(this.record.durationSeconds);
    const record = this.record.finish(usage, warnings);
    const files: AtomicFile[] = [];
    try {
      for (const format of textFormats) {
        const file = this.outputs[format];
        if (file) files.push(await stageFile(file, renderText(record, format), { replace: this.replace }));
      }
      const dub = this.dub ? await this.dub.complete(record.source.durationSeconds) : undefined;
      if (dub) files.push(dub);
      return { record, files, dubTemp: dub?.tempPath };
    } catch (e) {
      await abortAll(files);
      throw e;
    }
  }

  /** Removes any temporary file; nothing is left under the outputs' names. */
  async abort(): Promise<void> {
    await this.dub?.abort();
  }
}
