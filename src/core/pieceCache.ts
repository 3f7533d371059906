import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Piece } from './source/piece';
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
}

/**
 * Finished pieces on disk, so that a failed or cancelled run resumes where it stopped.
 * A piece is found by the source's content hash, its bounds and every option that changes the
 * answer; the text goes into a JSON file and the speech beside it as raw PCM.
 */
export class PieceCache {
  private readonly folder: string;

  constructor(cacheDir: string, contentHash: string, options: AnswerOptions) {
    const optionsHash = createHash('sha256').update(JSON.stringify(stableOptions(options))).digest('hex').slice(0, 16);
    this.folder = path.join(cacheDir, cacheVersion, contentHash.slice(0, 32), optionsHash);
  }

  /** The stored result for this piece, or undefined when absent or unreadable. */
  async get(piece: Piece): Promise<PieceResult | undefined> {
    const base = this.base(piece);
    try {
      const stored = JSON.parse(await fs.readFile(`${base}.json`, 'utf8')) as StoredPiece;
      const audio = stored.hasSpeech ? await fs.readFile(`${base}.pcm`) : undefined;
      let offset = 0;
      const parts = stored.parts.map((p) => {
        const pcm = audio ? audio.subarray(offset, offset + p.speechBytes) : Buffer.alloc(0);
        offset += p.speechBytes;
        return { span: p.span, text: p.text, pcm, ...(p.usage ? { usage: p.usage } : {}), ...(p.finishReason ? { finishReason: p.finishReason } : {}) };
      });
      return { parts, usage: stored.usage, requests: 0, retries: 0 };
    } catch {
      return undefined;
    }
  }

  /** Stores a finished piece; a failure to write only costs a future resume, so it is not thrown. */
  async put(piece: Piece, result: PieceResult): Promise<void> {
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
    } catch {
      // A read-only or full disk must not fail the translation itself.
    }
  }

  private base(piece: Piece): string {
    return path.join(this.folder, `${Math.round(piece.start * 1000)}-${Math.round(piece.end * 1000)}`);
  }
}

/** Removes every cached piece under `cacheDir`; returns how many pieces were removed. */
export async function clearCache(cacheDir: string): Promise<number> {
  let count = 0;
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) await walk(path.join(dir, e.name));
      else if (e.name.endsWith('.json')) count++;
    }
  }
  await walk(cacheDir);
  await fs.rm(cacheDir, { recursive: true, force: true });
  return count;
}

interface StoredPiece {
  hasSpeech: boolean;
  usage: PieceResult['usage'];
  parts: { span: PieceResult['parts'][number]['span']; text: string; speechBytes: number; usage?: PieceResult['usage']; finishReason?: string }[];
}

function stableOptions(o: AnswerOptions): unknown {
  const sampling = Object.fromEntries(Object.entries(o.sampling).filter(([, v]) => v !== undefined).sort());
  return [o.model, o.targetLanguage, o.sourceLanguage ?? null, o.voice ?? null, sampling];
}

async function writeThenRename(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}
