import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { isWebviewMessage } from '../../../src/shared/previewProtocol';
import { previewHtml } from '../../../src/vscode/preview/previewHtml';

/** Just what the page needs of a webview: its resource origin and the mapping of files to it. */
const webview = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  asWebviewUri: (u: { path: string }) => `https://file+.vscode-resource.vscode-cdn.net${u.path}`,
} as unknown as vscode.Webview;
const assets = { script: { path: '/ext/dist/webview/preview.js' }, style: { path: '/ext/dist/webview/preview.css' } } as unknown as { script: vscode.Uri; style: vscode.Uri };

function policyOf(html: string): Map<string, string> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/u.exec(html)?.[1];
  assert.ok(content, 'the page has a Content-Security-Policy');
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/u)).map(([name, ...values]) => [name, values.join(' ')]));
}

describe('the preview page', () => {
  it('has a strict Content-Security-Policy: nothing by default, scripts only by nonce, never unsafe-inline', () => {
    const html = previewHtml(webview, assets);
    const csp = policyOf(html);
    assert.equal(csp.get('default-src'), "'none'");
    const script = csp.get('script-src') ?? '';
    assert.match(script, /^'nonce-[A-Za-z0-9+/]{24}'$/u);
    for (const [name, value] of csp) assert.doesNotMatch(value, /unsafe-inline|unsafe-eval|\*/u, name);
    assert.equal(csp.get('media-src'), webview.cspSource);
    assert.equal(csp.get('style-src'), webview.cspSource);
  });

  it('loads its one script from dist/webview with the nonce, and holds no inline script or style', () => {
    const html = previewHtml(webview, assets);
    const nonce = /'nonce-([^']+)'/u.exec(html)?.[1];
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gu)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${nonce?.replace(/[+/]/gu, '\\$&')}"`, 'u'));
    assert.match(scripts[0][1], /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/preview\.js"/u);
    assert.equal(scripts[0][2].trim(), '', 'no inline code');
    assert.doesNotMatch(html, /\sstyle="|\son[a-z]+="/u, 'no inline style or handler');
  });

  it('gives every page a nonce of its own', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => /'nonce-([^']+)'/u.exec(previewHtml(webview, assets))?.[1]));
    assert.equal(nonces.size, 20);
  });

  it('takes only the messages the webview may send', () => {
    assert.ok(isWebviewMessage({ type: 'ready' }));
    assert.ok(isWebviewMessage({ type: 'retranslate', piece: 2 }));
    assert.ok(isWebviewMessage({ type: 'state', time: 3.5, speech: 'translated' }));
    for (const bad of [null, 'ready', { type: 'run', command: 'x' }, { type: 'retranslate', piece: '2' }, { type: 'state', time: 1, speech: 'loud' }, { type: 'cueChosen', index: 1.5 }]) {
      assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad));
    }
  });
});
