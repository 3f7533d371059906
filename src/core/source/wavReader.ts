import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { littleEndian } from '../samples';
import { SOURCE_RATE } from '../timeline';
import { Resampler } from './resample';

/** Where the samples of a RIFF/WAVE file are and how they are encoded, read from its header. */
export interface WavLayout {
  /** The `fmt ` chunk's format tag (1 PCM, 3 float, 0xFFFE extensible resolved to its sub-format). */
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes per sample frame (all channels). */
  blockAlign: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of whole sample frames, trusted only as far as the file really reaches. */
  dataBytes: number;
  durationSeconds: number;
}

const pcmTag = 1;
const floatTag = 3;
const extensibleTag = 0xfffe;

/**
 * Reads the header of a RIFF/WAVE file without loading its samples. Resolves to undefined when the
 * file is not a RIFF/WAVE file, or its `fmt ` or `data` chunk is missing or malformed.
 */
export async function readWavLayout(file: string): Promise<WavLayout | undefined> {
  const handle = await fsp.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = await readAt(handle, 0, 12);
    if (head.length < 12 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') return undefined;
    let fmt: Omit<WavLayout, 'dataOffset' | 'dataBytes' | 'durationSeconds'> | undefined;
    let offset = 12;
    // Walk the chunks by their headers only, so LIST or other chunks of any size cost nothing.
    while (offset + 8 <= size) {
      const header = await readAt(handle, offset, 8);
      if (header.length < 8) return undefined;
      const id = header.toString('ascii', 0, 4);
      const chunkSize = header.readUInt32LE(4);
      const body = offset + 8;
      if (id === 'fmt ') {
        fmt = parseFmt(await readAt(handle, body, Math.min(chunkSize, 64)));
        if (!fmt) return undefined;
      } else if (id === 'data') {
        if (!fmt) return undefined;
        // Streaming writers leave the size at 0 or 0xFFFFFFFF, and truncated files claim more than
        // they hold: the file's real end wins.
        const claimed = chunkSize === 0 || chunkSize === 0xffffffff ? Infinity : chunkSize;
        const bytes = Math.min(claimed, size - body);
        const dataBytes = bytes - (bytes % fmt.blockAlign);
        return { ...fmt, dataOffset: body, dataBytes, durationSeconds: dataBytes / fmt.blockAlign / fmt.sampleRate };
      }
      offset = body + chunkSize + (chunkSize % 2);
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/** True when the in-code reader can decode the layout: integer PCM of 8–32 bits or 32/64-bit float. */
export function isPlainPcm(layout: WavLayout): boolean {
  const { formatTag, bitsPerSample: bits, channels, sampleRate, blockAlign } = layout;
  const intOk = formatTag === pcmTag && [8, 16, 24, 32].includes(bits);
  const floatOk = formatTag === floatTag && (bits === 32 || bits === 64);
  return (intOk || floatOk) && channels >= 1 && blockAlign === (channels * bits) / 8 && sampleRate >= 1000 && sampleRate <= 384_000;
}

/**
 * Streams the samples of a plain PCM WAV file as 16 kHz mono s16le, downmixing by averaging the
 * channels and resampling in code. Only one read buffer is held at a time, so a two-hour file
 * costs no more memory than a short one.
 */
export async function* readWavPcm(file: string, layout: WavLayout, o: { signal?: AbortSignal } = {}): AsyncGenerator<Buffer> {
  if (!isPlainPcm(layout)) throw new RangeError(`${file} is not plain PCM.`);
  if (layout.dataBytes === 0) return;
  const stream = fs.createReadStream(file, {
    start: layout.dataOffset,
    end: layout.dataOffset + layout.dataBytes - 1,
    highWaterMark: 256 * 1024,
    signal: o.signal,
  });
  const passThrough = layout.formatTag === pcmTag && layout.bitsPerSample === 16 && layout.channels === 1 && layout.sampleRate === SOURCE_RATE;
  const resampler = new Resampler(layout.sampleRate);
  let carry = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % layout.blockAlign);
    carry = Buffer.from(bytes.subarray(whole));
    if (whole === 0) continue;
    if (passThrough) {
      yield Buffer.from(bytes.subarray(0, whole));
      continue;
    }
    const out = resampler.push(downmix(bytes.subarray(0, whole), layout));
    if (out.length > 0) yield int16ToBuffer(out);
  }
  if (passThrough) return;
  const rest = resampler.finish();
  if (rest.length > 0) yield int16ToBuffer(rest);
}

/** Decodes whole sample frames into mono floats (−1…1), averaging the channels. */
function downmix(bytes: Buffer, layout: WavLayout): Float32Array {
  const { channels, blockAlign, bitsPerSample: bits, formatTag } = layout;
  const frames = bytes.length / blockAlign;
  const out = new Float32Array(frames);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const width = bits / 8;
  const read = sampleReader(view, formatTag, bits);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const at = f * blockAlign;
    for (let c = 0; c < channels; c++) sum += read(at + c * width);
    out[f] = sum / channels;
  }
  return out;
}

function sampleReader(view: DataView, formatTag: number, bits: number): (at: number) => number {
  if (formatTag === floatTag) {
    return bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  }
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) => ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608);
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

function parseFmt(b: Buffer): Omit<WavLayout, 'dataOffset' | 'dataBytes' | 'durationSeconds'> | undefined {
  if (b.length < 16) return undefined;
  let formatTag = b.readUInt16LE(0);
  const channels = b.readUInt16LE(2);
  const sampleRate = b.readUInt32LE(4);
  const blockAlign = b.readUInt16LE(12);
  const bitsPerSample = b.readUInt16LE(14);
  // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
  if (formatTag === extensibleTag && b.length >= 26) formatTag = b.readUInt16LE(24);
  if (channels === 0 || sampleRate === 0 || blockAlign === 0) return undefined;
  return { formatTag, channels, sampleRate, bitsPerSample, blockAlign };
}

/** The samples' bytes as s16le: a view of them on a little-endian machine, a swapped copy otherwise. */
function int16ToBuffer(samples: Int16Array): Buffer {
  const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  return littleEndian ? bytes : Buffer.from(bytes).swap16();
}

async function readAt(handle: fsp.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
