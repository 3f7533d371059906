import { TranslateError } from '../errors';
import { inputArg, runTool } from '../tools/ffmpeg';

/** One audio track of a source, as ffprobe describes it. */
export interface AudioTrack {
  /** 0-based among the file's audio tracks: what `--audio-track` and ffmpeg's `0:a:<n>` count. */
  index: number;
  codec: string;
  channels?: number;
  /** The language tag (`eng`, `ger`, …), when the file has one. */
  language?: string;
  title?: string;
  /** The file marks this track as the one a player starts with. */
  isDefault: boolean;
}

/** How the translated track was found, which decides what the run says about it. */
export type TrackChoice = 'asked' | 'only' | 'default' | 'sound' | 'first';

/** What to choose from, and how to listen to a track when the file does not say which is meant. */
export interface ChooseTrackOptions {
  /** The track the person asked for, 0-based; undefined lets the file decide. */
  asked?: number;
  ffmpegPath: string;
  signal?: AbortSignal;
}

/**
 * Picks the track to translate: the one asked for (a `badOption` error listing the tracks when
 * the file has no such track), else the only one, else the one the file marks as default, else
 * the first that has sound. Listening costs a short decode, so it happens only when the file
 * has several tracks and does not mark exactly one as default.
 */
export async function chooseAudioTrack(
  file: string,
  tracks: readonly AudioTrack[],
  o: ChooseTrackOptions,
): Promise<{ track: AudioTrack; choice: TrackChoice }> {
  if (o.asked !== undefined) {
    const track = tracks[o.asked];
    if (!track) throw noSuchTrack(file, tracks, o.asked);
    return { track, choice: 'asked' };
  }
  if (tracks.length <= 1) return { track: tracks[0] ?? { index: 0, codec: 'unknown', isDefault: true }, choice: 'only' };
  const defaults = tracks.filter((t) => t.isDefault);
  if (defaults.length === 1) return { track: defaults[0], choice: 'default' };
  // Several tracks marked default say as little as none marked.
  for (const track of defaults.length > 1 ? defaults : tracks) {
    if (await hasSound(file, track.index, o)) return { track, choice: 'sound' };
  }
  return { track: tracks[0], choice: 'first' };
}

/** A track in a few words for a person choosing: `ger, Dialogue, aac, stereo`. */
export function describeTrack(t: AudioTrack): string {
  return [t.language, t.title, t.codec, channelName(t.channels)].filter(Boolean).join(', ');
}

/** Every track with its index, as `0: eng, Silence, aac, mono; 1: ger, …`. */
export function listTracks(tracks: readonly AudioTrack[]): string {
  return tracks.map((t) => `${t.index}: ${describeTrack(t)}`).join('; ');
}

/**
 * The sentence a run gives when the file has several tracks, so the person knows what was heard
 * and how to hear another; undefined for a file with one track.
 */
export function trackNote(file: string, tracks: readonly AudioTrack[], track: AudioTrack, choice: TrackChoice): string | undefined {
  if (tracks.length <= 1) return undefined;
  const why: Record<TrackChoice, string> = {
    asked: 'as asked',
    only: 'the only one',
    default: "the file's default",
    sound: 'the first with sound',
    first: 'the first, since none has clear sound',
  };
  return (
    `Translating audio track ${track.index} (${describeTrack(track)}) of the ${tracks.length} in ${file}, ${why[choice]}. ` +
    `Its tracks are ${listTracks(tracks)}.`
  );
}

/**
 * The sentence for a source in which no speech was found: for a file with several audio tracks it
 * names the track that was heard and the others, since another may hold the speech.
 */
export function noSpeechMessage(file: string, info: { audioTracks: readonly AudioTrack[]; audioTrack?: number }): string {
  const track = info.audioTracks[info.audioTrack ?? 0];
  if (info.audioTracks.length <= 1 || !track) return `No speech was found in ${file}.`;
  return (
    `No speech was found in audio track ${track.index} (${describeTrack(track)}) of ${file}, which has ${info.audioTracks.length}: ` +
    `${listTracks(info.audioTracks)}.`
  );
}

function noSuchTrack(file: string, tracks: readonly AudioTrack[], asked: number): TranslateError {
  if (tracks.length === 0) return new TranslateError('noAudio', `${file} has no audio track.`);
  const count = tracks.length === 1 ? '1 audio track' : `${tracks.length} audio tracks`;
  const range = tracks.length === 1 ? 'use 0' : `use 0 to ${tracks.length - 1}`;
  return new TranslateError('badOption', `${file} has ${count} (${listTracks(tracks)}), so there is no track ${asked}: ${range}.`);
}

function channelName(channels: number | undefined): string | undefined {
  if (channels === undefined) return undefined;
  const names: Record<number, string> = { 1: 'mono', 2: 'stereo', 6: '5.1', 8: '7.1' };
  return names[channels] ?? `${channels} channels`;
}

/** Loudest level that counts as silence: digital silence and faint hiss stay below it. */
const silentBelowDb = -50;
/** How much of a track is listened to: enough to pass an opening of music or titles. */
const listenSeconds = 120;

/** Whether the first minutes of the track rise above silence, from ffmpeg's volumedetect. */
async function hasSound(file: string, index: number, o: ChooseTrackOptions): Promise<boolean> {
  const args = [
    '-nostdin', '-hide_banner', '-nostats', '-loglevel', 'info',
    '-t', String(listenSeconds), '-i', inputArg(file),
    '-map', `0:a:${index}`, '-af', 'volumedetect', '-f', 'null', '-',
  ];
  const result = await runTool(o.ffmpegPath, args, { signal: o.signal });
  const max = /max_volume:\s*(-?[\d.]+|-inf) dB/.exec(result.stderr);
  if (result.code !== 0 || !max) return false;
  return Number(max[1]) > silentBelowDb;
}
