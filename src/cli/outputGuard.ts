/**
 * Keeps a closed stdout or stderr from crashing the run. `media-translate … | head -1` closes the
 * pipe after one line, and `> /dev/full` fails every write; Node reports either as an 'error' event
 * that, unheard, ends the process with a stack trace. The translation's files matter more than
 * its echo on the terminal, so the run goes on and the stream is simply written no more.
 */
export function guardOutput(...streams: NodeJS.WritableStream[]): void {
  for (const stream of streams) stream.on('error', () => undefined);
}

/** Whether `stream` can still take writes: false once a write has failed or the reader has gone. */
export function canWrite(stream: NodeJS.WritableStream & { destroyed?: boolean; writable?: boolean }): boolean {
  return stream.destroyed !== true && stream.writable !== false;
}
