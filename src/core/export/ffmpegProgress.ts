import type { Readable } from 'node:stream';

/**
 * Reads ffmpeg's `-progress pipe:1` output (key=value lines, a block per update) and reports the
 * share of `totalSeconds` written so far, from 0 to 1, at most once per block.
 */
export async function readProgress(stdout: Readable, totalSeconds: number, onFraction: (fraction: number) => void): Promise<void> {
  let rest = '';
  for await (const chunk of stdout as AsyncIterable<Buffer>) {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const [key, value] = line.trim().split('=', 2);
      if (key === 'out_time_us' || key === 'out_time_ms') {
        // Both keys hold microseconds: ffmpeg's `out_time_ms` is misnamed.
        const seconds = Number(value) / 1e6;
        if (Number.isFinite(seconds) && totalSeconds > 0) onFraction(Math.max(0, Math.min(1, seconds / totalSeconds)));
      } else if (key === 'progress' && value === 'end') {
        onFraction(1);
      }
    }
  }
}
