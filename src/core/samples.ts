/**
 * 16-bit PCM as numbers. Audio is signed 16-bit little-endian everywhere in the engine (the
 * source's 16 kHz, the speech's 24 kHz); loops over it read a typed array, since a call per sample
 * (`readInt16LE`) costs many times the arithmetic it feeds.
 */

/** Whether this machine stores 16-bit samples as s16le does, so typed arrays can view PCM bytes. */
export const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The first `samples` samples of `bytes` (default: every whole one) as an Int16Array: a view when
 * the bytes are 2-byte aligned on a little-endian machine, otherwise a copy.
 */
export function int16Samples(bytes: Uint8Array, samples = Math.floor(bytes.length / 2)): Int16Array {
  if (littleEndian && bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, samples);
  const copy = new Int16Array(samples);
  if (littleEndian) new Uint8Array(copy.buffer).set(bytes.subarray(0, samples * 2));
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, samples * 2);
    for (let i = 0; i < samples; i++) copy[i] = view.getInt16(i * 2, true);
  }
  return copy;
}
