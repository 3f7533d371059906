import * as http from 'node:http';
import * as https from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import { withoutCredentials } from './baseUrl';

/**
 * Which proxy the API's requests go through. Left out, the environment decides, as curl's does:
 * `HTTPS_PROXY` for https, `HTTP_PROXY` for http, and `NO_PROXY` lists the hosts reached directly.
 * VS Code passes its own `http.proxy` and `http.noProxy` settings instead, because its patch of
 * Node's agents does not reach the agents of our own transport.
 */
export interface ProxyOptions {
  /** The proxy for every request, such as `http://user:pass@proxy.example:3128`; empty for none. */
  url: string;
  /** Hosts reached without the proxy, written as NO_PROXY entries (`example.com`, `.corp`, `*`, `host:port`). */
  noProxy?: readonly string[];
}

/** Keep-alive, as undici's pool is: pieces go to the same host one after another. */
const direct = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** One agent per proxy and scheme, so the tunnels are reused from piece to piece. */
const viaProxy = new Map<string, http.Agent>();

/** The agent for a request to `target`, and the proxy it goes through when there is one. */
export function agentFor(target: URL, options?: ProxyOptions): { agent: http.Agent; proxy?: string } {
  const secure = target.protocol === 'https:';
  const proxy = proxyUrlFor(target, options);
  if (!proxy) return { agent: secure ? direct['https:'] : direct['http:'] };
  const key = `${target.protocol}${proxy}`;
  let agent = viaProxy.get(key);
  if (!agent) {
    agent = secure ? new HttpsProxyAgent(proxy, { keepAlive: true }) : new HttpProxyAgent(proxy, { keepAlive: true });
    viaProxy.set(key, agent);
  }
  return { agent, proxy };
}

/** The proxy URL for `target`, or undefined to connect directly. */
export function proxyUrlFor(target: URL, options?: ProxyOptions): string | undefined {
  if (!options) return getProxyForUrl(target.href) || undefined;
  if (!options.url || bypasses(target, options.noProxy ?? [])) return undefined;
  // A bare `host:port`, as people often write it, means an http proxy.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(options.url) ? options.url : `http://${options.url}`;
}

/** Whether a NO_PROXY-style list names `target`'s host (and port, when the entry has one). */
function bypasses(target: URL, entries: readonly string[]): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return entries.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    if (entry === '*') return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry);
    const name = (match?.[1] ?? entry).replace(/^\*/, '').replace(/^\[|\]$/g, '');
    if (match?.[2] && match[2] !== port) return false;
    if (name.startsWith('.')) return host.endsWith(name) || host === name.slice(1);
    return host === name || host.endsWith(`.${name}`);
  });
}

/**
 * A proxy that would not carry a request: refused, unreachable or asking for credentials. It is
 * never retried, since the same proxy answers the same way, and its sentence names the proxy
 * without its password.
 */
export class ProxyFailure extends Error {
  constructor(
    readonly proxy: string,
    readonly why: string,
  ) {
    super(`The proxy ${withoutCredentials(proxy)} ${why}`);
    this.name = 'ProxyFailure';
  }
}

/** Socket errors that can only come from reaching the proxy itself, which connects to the API for us. */
const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The ProxyFailure for a request error on the way to `proxy`, or undefined when it is not about the proxy. */
export function proxyConnectFailure(proxy: string, error: unknown, connected: boolean): ProxyFailure | undefined {
  if (connected) return undefined;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !unreachableCodes.has(code)) return undefined;
  return new ProxyFailure(proxy, `could not be reached (${code}): check HTTPS_PROXY and HTTP_PROXY, or VS Code's http.proxy setting.`);
}

/** The ProxyFailure for a proxy's own refusal, given the status it answered with. */
export function proxyRefusal(proxy: string, status: number): ProxyFailure {
  if (status === 407) {
    return new ProxyFailure(proxy, 'asks for a user name and password (HTTP 407): put them in the proxy URL, as http://user:password@host:port.');
  }
  return new ProxyFailure(proxy, `refused to connect to the API (HTTP ${status}): ask whoever runs the proxy to allow the API's host, or list it in NO_PROXY.`);
}
