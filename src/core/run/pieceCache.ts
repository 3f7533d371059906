import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describeFsError } from '../output/atomicFile';
import { formatSpan } from '../timeline';
import { checkCachedPiece, type StoredPiece } from './cachedPiece';
import type { Piece } from '../timeline';
import { speechOf, type PieceResult } from './pieceResult';

/** Bumped whenever what a cached piece holds, or how pieces are cut, changes meaning. */
const cacheVersion = 'v1';

/** Everything that changes the model's answer for a piece, besides its audio. */
export interface AnswerOptions {
  model: string;
  targetLanguage: string;
  sourceLanguage?: string;
  voice?: string;
  sampling: object;
  /** True when pieces go with their picture: the model sees more, so the answer may differ. */
  video?: boolean;
}

/**
 * Finished pieces on disk, so that a failed or cancelled run resumes where it stopped.
 * A piece is found by the source's content hash, its bounds and every option that changes the
 * answer; the text goes into a JSON file and the speech beside it as raw PCM.
 */
export class PieceCache {
  private readonly folder: string;

  /** Whether a piece could not be stored, said once. */
  private failed = false;

  constructor(
    private readonly cacheDir: string,
    contentHash: string,
    options: AnswerOptions,
  ) {
    const optionsHash = createHash('sha256').update(JSON.stringify(stableOptions(options))).digest('hex').slice(0, 16);
    this.folder = path.join(cacheDir, cacheVersion, contentHash.slice(0, 32), optionsHash);
  }

  /**
   * The stored result for this piece, or undefined when there is none or it cannot be used. Every
   * entry is checked against the piece (see `checkCachedPiece`); a damaged one is reported to
   * `onDamaged` with a sentence, and the piece is then sent again.
   */
  async get(piece: Piece, onDamaged?: (message: string) => void): Promise<PieceResult | undefined> {
    const base = this.base(piece);
    let text: string;
    try {
      text = await fs.readFile(`${base}.json`, 'utf8');
    } catch {
      return undefined;
    }
    const damaged = (why: string): undefined => {
      onDamaged?.(`The cached answer for ${formatSpan(piece)} is damaged (${why}); sending the piece again.`);
      return undefined;
    };
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      return damaged('its record is not valid JSON');
    }
    // A record without speech owns no `.pcm`, whatever an older entry may have left beside it.
    const hasSpeech = typeof stored === 'object' && stored !== null && (stored as { hasSpeech?: unknown }).hasSpeech === true;
    const audio = hasSpeech ? await fs.readFile(`${base}.pcm`).catch(() => undefined) : undefined;
    const check = checkCachedPiece(piece, stored, audio);
    return 'damaged' in check ? damaged(check.damaged) : check.result;
  }

  /**
   * Stores a finished piece. A failure to write only costs a future resume, so it is not thrown;
   * the first one is told to `onFailed`, for the person to hear that a stopped run will start over.
   */
  async put(piece: Piece, result: PieceResult, onFailed?: (message: string) => void): Promise<void> {
    const base = this.base(piece);
    try {
      await fs.mkdir(this.folder, { recursive: true });
      const hasSpeech = result.parts.some((p) => p.pcm.length > 0);
      if (hasSpeech) await writeThenRename(`${base}.pcm`, speechOf(result));
      const stored: StoredPiece = {
        hasSpeech,
        usage: result.usage,
        parts: result.parts.map((p) => ({ span: p.span, text: p.text, speechBytes: p.pcm.length, usage: p.usage, finishReason: p.finishReason })),
      };
      // The JSON goes last: its presence is what marks the piece as finished.
      await writeThenRename(`${base}.json`, JSON.stringify(stored));
    } catch (e) {
      // A read-only or full disk must not fail the translation itself.
      if (this.failed) return;
      this.failed = true;
      onFailed?.(`Finished pieces could not be saved in the cache ${this.cacheDir} (${describeFsError(e)}), so a run stopped now would send them again.`);
    }
  }

  private base(piece: Piece): string {
    return path.join(this.folder, `${Math.round(piece.start * 1000)}-${Math.round(piece.end * 1000)}`);
  }
}

/**
 * Removes the cache's own entries under `cacheDir` and returns how many pieces went. Only the
 * versioned layout this module writes is touched (`v1/<source hash>/<options hash>/<start>-<end>.json`,
 * its `.pcm` and their temporary files), and only folders left empty are removed: the folder may be
 * one the person shares with other data (MEDIA_TRANSLATE_CACHE_DIR=., say).
 */
export async function clearCache(cacheDir: string): Promise<number> {
  let count = 0;
  for (const version of await folders(cacheDir, /^v\d+$/)) {
    for (const source of await folders(version, /^[0-9a-f]{32}$/)) {
      for (const options of await folders(source, /^[0-9a-f]{16}$/)) {
        for (const name of await fs.readdir(options).catch(() => [] as string[])) {
          if (!entryName.test(name)) continue;
          await fs.rm(path.join(options, name), { force: true });
          if (name.endsWith('.json')) count++;
        }
        await fs.rmdir(options).catch(() => undefined);
      }
      await fs.rmdir(source).catch(() => undefined);
    }
    await fs.rmdir(version).catch(() => undefined);
  }
  return count;
}

/** A piece's files and the temporary files `writeThenRename` leaves when interrupted. */
const entryName = /^\d+-\d+\.(json|pcm)(\.\d+\.\d+\.tmp)?$/;

/** The sub-folders of `dir` whose names match, as paths; none when `dir` cannot be read. */
async function folders(dir: string, name: RegExp): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && name.test(e.name)).map((e) => path.join(dir, e.name));
}

function stableOptions(o: AnswerOptions): unknown {
  const sampling = Object.fromEntries(Object.entries(o.sampling).filter(([, v]) => v !== undefined).sort());
  const key: unknown[] = [o.model, o.targetLanguage, o.sourceLanguage ?? null, o.voice ?? null, sampling];
  // Added only when set, so the pieces of audio-only runs keep the entries earlier versions wrote.
  if (o.video) key.push('video');
  return key;
}

async function writeThenRename(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}
