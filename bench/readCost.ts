/**
 * What one read of a streamed answer costs a bare `node:http` client, with nothing of the engine or
 * the SDK: the same bytes sent back to back, and sent as a live stream sends them, one write every
 * few milliseconds. It shows where the CPU floor with speech comes from: the number of wake-ups,
 * not the bytes.
 *
 *   node out/bench/readCost.js [--chunks 4000] [--bytes 10240] [--gap-ms 2] [--rounds 3]
 *
 * The server runs in a child process, as the fake does in the benchmark.
 */
import { fork } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

interface Ask {
  chunks: number;
  bytes: number;
  gapMs: number;
}

if (process.argv[2] === '--serve') {
  const server = http.createServer((req, res) => {
    const ask = JSON.parse(decodeURIComponent((req.url ?? '/').slice(1))) as Ask;
    const chunk = Buffer.alloc(ask.bytes, 0x41);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let sent = 0;
    const next = (): void => {
      // Unpaced, the writes still yield now and then so the socket drains.
      for (let burst = 0; sent < ask.chunks && (ask.gapMs > 0 ? burst < 1 : burst < 50); burst++, sent++) res.write(chunk);
      if (sent >= ask.chunks) res.end();
      else if (ask.gapMs > 0) setTimeout(next, ask.gapMs);
      else setImmediate(next);
    };
    next();
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as AddressInfo).port));
} else {
  void main();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      chunks: { type: 'string', default: '4000' },
      bytes: { type: 'string', default: '10240' },
      'gap-ms': { type: 'string', default: '2' },
      rounds: { type: 'string', default: '3' },
    },
  });
  const server = fork(__filename, ['--serve']);
  const port = await new Promise<number>((resolve) => server.once('message', (m) => resolve(Number(m))));
  const agent = new http.Agent({ keepAlive: true });
  const read = (ask: Ask): Promise<{ reads: number; cpuMs: number }> =>
    new Promise((resolve, reject) => {
      const before = process.cpuUsage();
      let reads = 0;
      http
        .get({ host: '127.0.0.1', port, agent, path: `/${encodeURIComponent(JSON.stringify(ask))}` }, (res) => {
          res.on('data', () => reads++);
          res.on('end', () => {
            const used = process.cpuUsage(before);
            resolve({ reads, cpuMs: (used.user + used.system) / 1000 });
          });
        })
        .on('error', reject);
    });
  try {
    const base = { chunks: Number(values.chunks), bytes: Number(values.bytes) };
    // One unmeasured round of each warms the client's code.
    await read({ ...base, chunks: 200, gapMs: 0 });
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const gapMs of [0, Number(values['gap-ms'])]) {
        const r = await read({ ...base, gapMs });
        const how = gapMs === 0 ? 'back to back' : `one write every ${gapMs} ms`;
        process.stdout.write(`round ${round}, ${how}: ${r.reads} reads of ${(base.chunks * base.bytes / 1e6).toFixed(1)} MB, ${r.cpuMs.toFixed(0)} ms of CPU, ${((r.cpuMs * 1000) / r.reads).toFixed(0)} µs per read\n`);
      }
    }
  } finally {
    agent.destroy();
    server.kill();
  }
}
