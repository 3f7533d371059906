import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** File extensions (lower case, with the dot) the engine offers to translate. */
export const mediaExtensions: readonly string[] = [
  '.wav', '.mp3', '.m4a', '.aac', '.flac', '.ogg', '.opus', '.wma', '.amr',
  '.mp4', '.mov', '.mkv', '.webm', '.avi',
];

/** Extensions of media that carries pictures (sent to the API as video when video context is used). */
export const videoExtensions: readonly string[] = ['.mp4', '.mov', '.mkv', '.webm', '.avi'];

/** True when the file name has a media extension. */
export function isMediaFile(file: string): boolean {
  return mediaExtensions.includes(path.extname(file).toLowerCase());
}

/** Folders never searched for media: dependencies, build output and version control. */
export const skippedFolders: readonly string[] = ['node_modules', '.git', 'dist', 'out', '.vscode-test'];

/** Media files under `dir`, recursively, sorted by path; skips the folders above and hidden ones. */
export async function listMediaFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(current: string): Promise<void> {
    const entries = await fs.readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !skippedFolders.includes(entry.name)) await walk(full);
      } else if (entry.isFile() && isMediaFile(entry.name)) {
        found.push(full);
      }
    }
  }
  await walk(dir);
  return found.sort();
}
