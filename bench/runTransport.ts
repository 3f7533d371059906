/**
 * The CPU floor of the API traffic alone, to set the engine's CPU per hour against: the same pieces
 * as a pipeline run, sent as the engine sends them through the same openai SDK client to the same
 * fake, with each answer read to its end and thrown away (no parsing, no output). The pieces and request bodies are all built
 * before the clock starts, so decoding and encoding are left out; one request first warms the client.
 *
 *   node out/bench/runTransport.js '<TransportRunInput as JSON>'
 *
 * Prints one line of JSON (a TransportRunOutput) on stdout.
 */
import { audioRequestBytes } from '../src/core/api/request';
import { createClient } from '../src/core/api/client';
import { bodyChunks } from '../src/core/api/nodeFetch';
import { SOURCE_RATE } from '../src/core/timeline';
import { openSource } from '../src/core/source/openSource';
import { segmentSeconds } from './latencyModel';
import { startProbes } from './probes';

/** What the parent asks for. */
export interface TransportRunInput {
  input: string;
  baseUrl: string;
  apiKey: string;
  concurrency: number;
  speech: boolean;
}

/** What the run measured. */
export interface TransportRunOutput {
  requests: number;
  /** Reads of the answers' bodies, and the bytes they held. */
  reads: number;
  bytesDown: number;
  bytesUp: number;
  /** user + system of this process while the requests ran (process.cpuUsage). */
  cpuSeconds: number;
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? '{}') as TransportRunInput;
  const source = await openSource(o.input, { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', segmentSeconds });
  const bodies: Buffer[] = [];
  try {
    for await (const piece of source.pieces) {
      const options = { model: 'qwen3-livetranslate-flash', targetLanguage: 'fr', voice: o.speech ? 'Cherry' : undefined, sampling: {} };
      bodies.push(audioRequestBytes(await source.readPcm(piece), SOURCE_RATE, options));
    }
  } finally {
    await source.close();
  }
  const client = createClient({ apiKey: o.apiKey, baseUrl: o.baseUrl });
  const out = { requests: 0, reads: 0, bytesDown: 0, bytesUp: 0 };
  // Sent and read as the engine does (streamPiece): the body's bytes through the SDK's client, the
  // answer read raw.
  const send = async (body: Buffer): Promise<void> => {
    const response = await client.post('/chat/completions', { body, headers: { 'content-type': 'application/json' } }).asResponse();
    for await (const chunk of bodyChunks(response) ?? []) {
      out.reads++;
      out.bytesDown += chunk.length;
    }
  };
  await send(bodies[0]);
  out.bytesUp = bodies.reduce((n, b) => n + b.length, 0);
  // The same probes as the engine's runs, so that their CPU is on both sides of the ratio.
  const probes = startProbes();
  const cpuStart = process.cpuUsage();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++];
      out.requests++;
      await send(body);
    }
  };
  out.reads = 0;
  out.bytesDown = 0;
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const cpu = process.cpuUsage(cpuStart);
  probes.stop();
  const result: TransportRunOutput = { ...out, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
