import type { OutputFormat } from '../job';
import type { PieceResult } from '../pieceResult';
import type { AtomicFile } from './atomicFile';
import type { Cue } from './cue';
import { joinCues, layoutCues } from './cues';
import { DubTrack } from './dubTrack';
import { abortAll, commitTogether, stageFile } from './outputSet';
import { formatSrt } from './srt';
import { formatTxt } from './txt';
import { formatVtt } from './vtt';

/**
 * Turns finished pieces, fed in source order, into the run's files. Text outputs are small and
 * written at the end; the dub track grows on disk as pieces arrive. Nothing appears under an
 * output's own name until `finish`, so a failed or cancelled run leaves no half-written file.
 */
export class OutputWriter {
  private readonly cues: Cue[][] = [];
  private readonly paragraphs: string[] = [];

  private constructor(
    private readonly outputs: Partial<Record<OutputFormat, string>>,
    private readonly language: string,
    private readonly dub: DubTrack | undefined,
    private readonly replace: boolean,
  ) {}

  /**
   * Prepares the outputs planned for a run; the dub track's temporary file is opened now. With
   * `replace` false, a file that takes an output's name during the run is kept (`outputExists`).
   */
  static async open(outputs: Partial<Record<OutputFormat, string>>, language: string, o: { replace?: boolean } = {}): Promise<OutputWriter> {
    const replace = o.replace ?? true;
    const dub = outputs.wav ? await DubTrack.open(outputs.wav, { replace }) : undefined;
    return new OutputWriter(outputs, language, dub, replace);
  }

  /** Adds the next piece in source order and returns its cues. */
  async add(result: PieceResult): Promise<Cue[]> {
    const cues = result.parts.flatMap((part) => layoutCues(part.text, part.span, { language: this.language }));
    this.cues.push(cues);
    this.paragraphs.push(result.parts.map((p) => p.text.trim()).join(' '));
    if (this.dub) {
      for (const part of result.parts) {
        if (part.pcm.length > 0) await this.dub.place(part.span.start, part.pcm);
      }
    }
    return cues;
  }

  /**
   * Writes every output under its own name, all or none (see `commitTogether`); the dub track is
   * padded to `durationSeconds`.
   */
  async finish(durationSeconds: number): Promise<Partial<Record<OutputFormat, string>>> {
    const cues = joinCues(this.cues);
    // Each text is built only when its file was asked for.
    const texts = { srt: () => formatSrt(cues), vtt: () => formatVtt(cues), txt: () => formatTxt(this.paragraphs) };
    const staged: AtomicFile[] = [];
    try {
      for (const format of ['srt', 'vtt', 'txt'] as const) {
        const file = this.outputs[format];
        if (file) staged.push(await stageFile(file, texts[format](), { replace: this.replace }));
      }
      if (this.dub) staged.push(await this.dub.complete(durationSeconds));
    } catch (e) {
      await abortAll(staged);
      throw e;
    }
    await commitTogether(staged);
    return this.outputs;
  }

  /** Removes any temporary file; nothing is left under the outputs' names. */
  async abort(): Promise<void> {
    await this.dub?.abort();
  }
}
