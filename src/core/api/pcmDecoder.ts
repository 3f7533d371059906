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

  /** Decodes one slice and returns the whole samples it completes (possibly none). */
  push(base64: string): Buffer {
    // The usual slice: nothing carried over, clean padded base64 of whole samples. Node skips
    // characters that are not base64, so a decode of the expected length proves the text clean
    // without scanning it again.
    if (this.text === '' && this.odd.length === 0 && base64.length % 4 === 0) {
      const pad = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
      const bytes = Buffer.from(base64, 'base64');
      if (bytes.length === (base64.length / 4) * 3 - pad && bytes.length % 2 === 0) return bytes;
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
