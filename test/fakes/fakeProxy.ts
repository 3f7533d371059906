import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/** How the fake proxy treats what it is asked to carry. */
export interface FakeProxyOptions {
  /** Answer 407 unless the request carries this `user:password` as Proxy-Authorization. */
  credentials?: string;
  /** Answer every request and tunnel with this status instead of carrying it. */
  refuseWith?: number;
}

export interface FakeProxy {
  /** `http://127.0.0.1:<port>`, for HTTP_PROXY and HTTPS_PROXY. */
  url: string;
  /** What it was asked for, in order: `GET http://host/path` or `CONNECT host:443`. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A forward proxy on the loopback interface, as a company network runs one: plain requests arrive
 * with an absolute URL and are forwarded, and `CONNECT host:port` opens a tunnel for https. It
 * connects only to loopback addresses, so a test can never reach out through it.
 */
export async function startFakeProxy(o: FakeProxyOptions = {}): Promise<FakeProxy> {
  const seen: string[] = [];
  const refusal = (auth: string | undefined): number | undefined => {
    if (o.refuseWith !== undefined) return o.refuseWith;
    if (o.credentials === undefined) return undefined;
    return auth === `Basic ${Buffer.from(o.credentials).toString('base64')}` ? undefined : 407;
  };
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const status = refusal(req.headers['proxy-authorization']);
    if (status !== undefined) {
      res.writeHead(status, status === 407 ? { 'proxy-authenticate': 'Basic realm="fake"' } : {});
      res.end();
      return;
    }
    const target = new URL(req.url ?? '/');
    if (!isLoopback(target.hostname)) {
      res.writeHead(502);
      res.end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  // Tunnels leave the server's own bookkeeping, so they are closed by hand.
  const tunnels = new Set<net.Socket>();
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    client.on('error', () => undefined);
    const status = refusal(req.headers['proxy-authorization']);
    const [host, port] = (req.url ?? '').split(':');
    if (status !== undefined || !isLoopback(host)) {
      const code = status ?? 502;
      const extra = code === 407 ? 'Proxy-Authenticate: Basic realm="fake"\r\n' : '';
      client.end(`HTTP/1.1 ${code} ${http.STATUS_CODES[code] ?? 'Refused'}\r\n${extra}Content-Length: 0\r\n\r\n`);
      return;
    }
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}
