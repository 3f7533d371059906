import * as path from 'node:path';
import * as vscode from 'vscode';
import { chooseAudioTrack, type AudioTrack } from '../../core/source/audioTrack';
import { probeMedia } from '../../core/source/probe';
import * as msg from '../messages';
import type { Settings } from '../settings';

type Item = vscode.QuickPickItem & { track: AudioTrack };

/**
 * Asks which audio track to translate, only when `file` has more than one: the track the engine
 * would choose by itself comes first, so Enter keeps the usual behaviour. Resolves with the 0-based
 * track, with undefined for a file with one track (or one that cannot be probed, which the run
 * then reports), and with 'cancelled' when the person presses Escape.
 */
export async function pickAudioTrack(file: string, settings: Settings): Promise<number | undefined | 'cancelled'> {
  let tracks: AudioTrack[];
  try {
    tracks = (await probeMedia(file, { ffprobePath: settings.ffprobePath })).audioTracks;
  } catch {
    return undefined;
  }
  if (tracks.length <= 1) return undefined;
  const { track: usual } = await chooseAudioTrack(file, tracks, { ffmpegPath: settings.ffmpegPath });
  const ordered = [usual, ...tracks.filter((t) => t !== usual)];
  const items: Item[] = ordered.map((t) => ({
    label: msg.trackLabel(t),
    description: msg.trackDescription(t, t === usual),
    track: t,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: msg.trackPickTitle(path.basename(file)),
    placeHolder: msg.trackPickPrompt(tracks.length),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked ? picked.track.index : 'cancelled';
}
