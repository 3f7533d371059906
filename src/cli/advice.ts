import type { NextStep } from '../core/errors';

/** Each next step the engine names, as the command line takes it. */
const steps: Readonly<Record<NextStep, string>> = {
  setApiKey: 'Set DASHSCOPE_API_KEY to a Model Studio API key of the region (--region).',
  replaceOutputs: 'Use --force to replace existing outputs, or --keep-both to number the new ones.',
  chooseAudioTrack: 'Choose another track with --audio-track <n>.',
  chooseOutDir: 'Choose a folder for the outputs with --out-dir.',
  separateOutputs: 'Give each its own --out-dir, or rename one.',
  setFfmpegPath: 'Or name it with --ffmpeg <path>.',
  setFfprobePath: 'Or name it with --ffprobe <path>.',
  checkCacheDir: 'Make that folder writable, or set MEDIA_TRANSLATE_CACHE_DIR to one that is.',
  askForSpeech: 'Ask for speech with --audio, or leave wav and mp4 out of --formats.',
  chooseVideoContext: 'Use --video-context auto or never.',
  videoContextOff: '--video-context never sends the sound alone.',
};

/** The engine's sentence with the command line's next step after it, when it names one. */
export function withNextStep(message: string, next: NextStep | undefined): string {
  return next ? `${message} ${steps[next]}` : message;
}
