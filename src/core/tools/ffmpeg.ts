import { spawn, type ChildProcessByStdio } from 'node:child_process';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { TranslateError } from '../errors';

/** The sentence shown when ffmpeg or ffprobe cannot be started; both come in the ffmpeg package. */
function missingMessage(tool: 'ffmpeg' | 'ffprobe'): string {
  return `${tool} was not found. Install it (for example \`sudo apt install ffmpeg\`, \`brew install ffmpeg\`, \`winget install ffmpeg\`).`;
}

/** How much of a tool's stderr is kept: enough for the last few lines, never the whole log. */
export const stderrTailBytes = 4096;

/** What a finished tool run left behind. A non-zero `code` is reported here, not thrown. */
export interface ToolExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last ~4 KB of stderr. */
  stderr: string;
}

/** A finished run with its whole stdout (for small outputs such as ffprobe's JSON). */
export interface ToolResult extends ToolExit {
  stdout: Buffer;
}

/** A tool that has started and streams its stdout. */
export interface RunningTool {
  stdout: Readable;
  /** Settles when the process has exited; rejects only when it was aborted or could not run. */
  exit: Promise<ToolExit>;
  /** Stops the process early (idempotent). */
  kill(): void;
}

/** Options shared by the spawn helpers. */
export interface ToolOptions {
  signal?: AbortSignal;
  /** Bytes written to the tool's stdin, which is then closed; without it stdin is not connected. */
  input?: Buffer;
}

/**
 * The error for a tool binary that does not exist (or is not executable), as a TranslateError
 * with reason `ffmpegMissing`.
 */
export function ffmpegMissing(bin?: string, cause?: unknown): TranslateError {
  // ffprobe is named when it is the one missing: "ffmpeg was not found" beside a working ffmpeg misleads.
  // win32's basename takes both kinds of slash, so a Windows path is read right anywhere.
  const probe = bin !== undefined && /ffprobe/i.test(path.win32.basename(bin));
  return new TranslateError('ffmpegMissing', missingMessage(probe ? 'ffprobe' : 'ffmpeg'), {
    next: probe ? 'setFfprobePath' : 'setFfmpegPath',
    detail: bin === undefined ? undefined : `Could not start ${bin}.`,
    cause,
  });
}

/** True when a spawn failure means the binary is not there or cannot be executed. */
export function isToolMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR';
}

/** Turns a spawn failure for a missing binary into `ffmpegMissing`; any other error passes through. */
export function mapSpawnError(e: unknown, bin?: string): unknown {
  return isToolMissing(e) ? ffmpegMissing(bin, e) : e;
}

/**
 * The input argument for `file` that ffmpeg and ffprobe cannot mistake for an option, a URL or a
 * protocol: an absolute path behind the `file:` protocol. Names starting with `-`, or holding
 * quotes, `$(...)`, spaces or any Unicode pass through untouched because no shell is involved.
 */
export function inputArg(file: string): string {
  return `file:${path.resolve(file)}`;
}

/** The last non-empty line of a tool's stderr, trimmed and shortened for a one-line message. */
export function lastLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const line = lines[lines.length - 1] ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * Starts `bin` with an argument array (never a shell) and resolves once the process is running.
 * A missing binary rejects with `ffmpegMissing`; aborting `signal` kills the process.
 */
export function startTool(bin: string, args: readonly string[], o: ToolOptions = {}): Promise<RunningTool> {
  return new Promise((resolve, reject) => {
    let child: ChildProcessByStdio<Writable | null, Readable, Readable>;
    try {
      child = spawn(bin, args, { signal: o.signal, stdio: [o.input ? 'pipe' : 'ignore', 'pipe', 'pipe'], windowsHide: true }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
    } catch (e) {
      reject(mapSpawnError(e, bin));
      return;
    }
    const tail = new StderrTail();
    child.stderr.on('data', (chunk: Buffer) => tail.push(chunk));
    let started = false;
    const exit = new Promise<ToolExit>((resolveExit, rejectExit) => {
      child.once('error', (e) => {
        const mapped = mapSpawnError(e, bin);
        if (!started) reject(mapped);
        rejectExit(mapped);
      });
      child.once('close', (code, signal) => resolveExit({ code, signal, stderr: tail.text() }));
    });
    // The caller awaits `exit` later; until then a rejection must not count as unhandled.
    exit.catch(() => undefined);
    child.once('spawn', () => {
      started = true;
      if (o.input && child.stdin) {
        // A tool that stops reading early (or is killed) closes the pipe; that is its exit's business.
        child.stdin.on('error', () => undefined);
        child.stdin.end(o.input);
      }
      resolve({
        stdout: child.stdout,
        exit,
        kill: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
      });
    });
  });
}

/**
 * Runs `bin` to the end and returns its stdout (capped at `maxStdoutBytes`, 16 MB by default) and
 * the tail of its stderr. Exit codes are returned, not thrown; a missing binary rejects with
 * `ffmpegMissing` and an abort rejects with the abort error.
 */
export async function runTool(
  bin: string,
  args: readonly string[],
  o: ToolOptions & { maxStdoutBytes?: number } = {},
): Promise<ToolResult> {
  const tool = await startTool(bin, args, o);
  const max = o.maxStdoutBytes ?? 16 * 1024 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  tool.stdout.on('data', (chunk: Buffer) => {
    if (size >= max) return;
    chunks.push(chunk);
    size += chunk.length;
  });
  const exit = await tool.exit;
  return { ...exit, stdout: Buffer.concat(chunks).subarray(0, max) };
}

/** Keeps the last few kilobytes of a stream of text, so a chatty tool cannot fill memory. */
export class StderrTail {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit = stderrTailBytes) {}

  /** Appends a chunk and forgets whatever falls out of the limit. */
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.limit) this.size -= (this.chunks.shift() as Buffer).length;
  }

  /** The kept text; the first line may be cut. */
  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString('utf8');
  }
}
