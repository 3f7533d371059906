import type { Stretch } from './fakeApiAudio';

/**
 * 16-bit mono PCM of `seconds` with a tone (about 250 Hz, −12 dBFS) during each stretch and
 * digital silence elsewhere: input that the fake's detector hears exactly as those stretches.
 */
export function tonePcm(seconds: number, stretches: Stretch[], sampleRate = 16_000): Buffer {
  const pcm = Buffer.alloc(Math.round(seconds * sampleRate) * 2);
  for (const s of stretches) {
    const end = Math.min(pcm.length / 2, Math.round(s.end * sampleRate));
    for (let i = Math.round(s.start * sampleRate); i < end; i++) {
      pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 250 * i) / sampleRate)), i * 2);
    }
  }
  return pcm;
}
