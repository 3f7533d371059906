import { writeFileAtomic } from '../output/atomicFile';
import { DubTrack } from '../dub/dubTrack';
import { fittedSpeech } from '../dub/fitDub';
import { formatSrt } from '../subtitles/srt';
import { formatTxt } from '../output/txt';
import { formatVtt } from '../subtitles/vtt';
import type { TranslationRecord } from './schema';

/** The outputs that are text rendered from the record alone. */
export type TextFormat = 'srt' | 'vtt' | 'txt' | 'json';
export const textFormats: readonly TextFormat[] = ['srt', 'vtt', 'txt', 'json'];

/**
 * One text output of a record, exactly as a run writes it: the subtitles from `cues`, the plain
 * text from the pieces' text (a paragraph per piece), and the record itself as indented JSON.
 */
export function renderText(record: TranslationRecord, format: TextFormat): string {
  if (format === 'srt') return formatSrt(record.cues);
  if (format === 'vtt') return formatVtt(record.cues);
  if (format === 'txt') return formatTxt(paragraphsOf(record));
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The pieces' text as paragraphs: the halves of a piece that was translated in two make one paragraph. */
export function paragraphsOf(record: Pick<TranslationRecord, 'pieces'>): string[] {
  const out: string[] = [];
  let last: number | undefined;
  for (const p of record.pieces) {
    const text = p.text.trim();
    if (last === p.index && out.length > 0) out[out.length - 1] = [out[out.length - 1], text].filter(Boolean).join(' ');
    else out.push(text);
    last = p.index;
  }
  return out;
}

/**
 * Writes the dub track of a record from each piece's speech (24 kHz mono s16le, as `speechOf`
 * returns it; undefined for a piece without speech), trimmed and sped up as the record says and laid
 * where it says, padded to the source's length: the same bytes the run wrote.
 */
export async function renderDub(
  record: TranslationRecord,
  file: string,
  speechOf: (pieceAt: number) => Promise<Buffer | undefined>,
  o: { ffmpegPath?: string; signal?: AbortSignal } = {},
): Promise<void> {
  const dub = await DubTrack.open(file);
  try {
    for (let i = 0; i < record.pieces.length; i++) {
      const placed = record.pieces[i].dub;
      const pcm = placed ? await speechOf(i) : undefined;
      if (placed && pcm && pcm.length > 0) await dub.place(placed.start, await fittedSpeech(pcm, placed, { ffmpegPath: o.ffmpegPath ?? 'ffmpeg', signal: o.signal }));
    }
    await dub.finish(record.source.durationSeconds);
  } catch (e) {
    await dub.abort();
    throw e;
  }
}

/** Writes the record's text outputs, each atomically, to the files given by format. */
export async function writeTextOutputs(record: TranslationRecord, files: Partial<Record<TextFormat, string>>): Promise<void> {
  for (const format of textFormats) {
    const file = files[format];
    if (file) await writeFileAtomic(file, renderText(record, format));
  }
}
