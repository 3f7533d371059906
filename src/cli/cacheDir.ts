import * as os from 'node:os';
import * as path from 'node:path';

/** The user's cache folder for finished pieces, per platform convention. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.MEDIA_TRANSLATE_CACHE_DIR) return env.MEDIA_TRANSLATE_CACHE_DIR;
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'media-translate', 'Cache');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'media-translate');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'media-translate');
}
