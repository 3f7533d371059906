import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { TranslateError } from '../errors';
import { inputArg, lastLine, runTool } from '../tools/ffmpeg';
import { hashFile } from './fileHash';

/**
 * A copy of a source's sound that a webview can play, made once with ffmpeg and kept in `dir`
 * under the source's content hash: VS Code's webviews decode no AAC, which most MP4s carry.
 * Opus in Ogg, which they do decode, is small enough to keep for hours of audio. Resolves with the
 * copy's path; a failure is a TranslateError naming the file.
 */
export async function soundCopy(file: string, dir: string, o: { ffmpegPath: string; sha256?: string; signal?: AbortSignal }): Promise<string> {
  const sha256 = o.sha256 ?? (await hashFile(file, o.signal));
  const copy = path.join(dir, `${sha256.slice(0, 32)}.ogg`);
  if (await exists(copy)) return copy;
  await fsp.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(copy)}.${randomBytes(6).toString('hex')}.tmp.ogg`);
  try {
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', inputArg(file), '-map', '0:a:0', '-vn', '-c:a', 'libopus', '-b:a', '96k', '-f', 'ogg', temp];
    const run = await runTool(o.ffmpegPath, args, { signal: o.signal, maxStdoutBytes: 0 });
    if (run.code !== 0) {
      throw new TranslateError('decodeFailed', `ffmpeg could not copy the sound of ${path.basename(file)} for the preview (${lastLine(run.stderr) || `exit code ${run.code}`}).`);
    }
    await fsp.rename(temp, copy);
    return copy;
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await fsp.stat(file)).size > 0;
  } catch {
    return false;
  }
}
