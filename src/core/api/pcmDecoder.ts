/**
 * Turns the base64 slices of `delta.audio.data` back into whole 16-bit samples. The API sends each
 * slice as complete base64 holding whole samples, but nothing promises that, so an unpadded base64
 * tail and an odd trailing byte are both carried over to the next slice instead of being lost or
 * shifting every later sample by one byte.
 */
export class PcmDecoder {
  /** Base64 characters that do not yet make a whole 4-character group. */
  private text = '';
  /** A byte that does not yet make a whole sample. */
  private odd: Buffer = Buffer.alloc(0);
  /**
   * Where clean slices are decoded to, one after another: one allocation for a whole answer's
   * speech instead of one per slice, and the slices of an answer lie side by side, so `joinPcm`
   * can hand them on without copying. Hundreds of small buffers that live until their piece ends
   * were most of what the garbage collector had to move and mark in a run with speech.
   */
  private slab: Buffer = Buffer.alloc(0);
  private used = 0;

  /** `expectedBytes`: about how much speech the answer will hold, to size the first slab. */
  constructor(private readonly expectedBytes = 0) {}

  /** Decodes one slice and returns the whole samples it completes (possibly none). */
  push(base64: string): Buffer {
    // The usual slice: nothing carried over, clean padded base64 of whole samples. Node skips
    // characters that are not base64, so a decode of the expected length proves the text clean
    // without scanning it again.
    if (this.text === '' && this.odd.length === 0 && base64.length % 4 === 0) {
      const pad = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
      const expected = (base64.length / 4) * 3 - pad;
      if (this.slab.length - this.used < expected) {
        this.slab = Buffer.allocUnsafe(Math.max(expected, Math.min(this.expectedBytes, maxSlabBytes), minSlabBytes));
        this.used = 0;
      }
      const written = this.slab.write(base64, this.used, 'base64');
      if (written === expected && written % 2 === 0) {
        const bytes = this.slab.subarray(this.used, this.used + written);
        this.used += written;
        return bytes;
      }
    }
    let rest = this.text + base64.replace(/[^A-Za-z0-9+/=_-]/g, '');
    const decoded: Buffer[] = [];
    // Padding ends a group, so decode each padded run on its own: Node stops at the first '='.
    for (let pad = rest.indexOf('='); pad !== -1; pad = rest.indexOf('=')) {
      let end = pad;
      while (rest[end] === '=') end++;
      decoded.push(Buffer.from(rest.slice(0, end), 'base64'));
      rest = rest.slice(end);
    }
    const whole = rest.length - (rest.length % 4);
    decoded.push(Buffer.from(rest.slice(0, whole), 'base64'));
    this.text = rest.slice(whole);
    return this.samples(decoded);
  }

  /** Decodes whatever was carried over; an odd final byte, half a sample, is dropped. */
  flush(): Buffer {
    // A single leftover character holds fewer than 8 bits, so it cannot be a byte.
    const tail = this.text.length >= 2 ? Buffer.from(this.text, 'base64') : Buffer.alloc(0);
    this.text = '';
    const out = this.samples([tail]);
    this.odd = Buffer.alloc(0);
    return out;
  }

  private samples(decoded: Buffer[]): Buffer {
    const all = Buffer.concat([this.odd, ...decoded]);
    const even = all.length - (all.length % 2);
    this.odd = Buffer.from(all.subarray(even));
    return all.subarray(0, even);
  }
}

/** A slab is at least this large, so an answer longer than expected still takes few allocations. */
const minSlabBytes = 256 * 1024;
/**
 * A slab is at most this large (unless one slice is larger): every request in flight holds one
 * before its speech arrives, and with dozens in flight whole-answer slabs cost more memory than
 * the speech itself.
 */
const maxSlabBytes = 512 * 1024;

/**
 * The samples of `parts` as one buffer. Parts that lie side by side in one slab (see PcmDecoder)
 * are joined without a copy; anything else is copied together.
 */
export function joinPcm(parts: readonly Buffer[]): Buffer {
  if (parts.length === 0) return Buffer.alloc(0);
  const first = parts[0];
  let end = first.byteOffset + first.length;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    if (p.buffer !== first.buffer || p.byteOffset !== end) return Buffer.concat(parts);
    end += p.length;
  }
  return Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset);
}
