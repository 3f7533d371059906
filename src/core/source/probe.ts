/** What ffprobe (or the WAV header) tells about a source before it is decoded. */
export interface MediaInfo {
  durationSeconds: number;
  hasAudio: boolean;
  hasVideo: boolean;
  /** Container name as ffprobe reports it (`wav`, `mov,mp4,m4a,3gp,3g2,mj2`, …). */
  container: string;
}
