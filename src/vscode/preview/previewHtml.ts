import { randomBytes } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';

/**
 * The player's page: a strict Content-Security-Policy (nothing by default; scripts only with this
 * page's nonce, styles, media and fonts only from the webview's own resource origin), the bundled
 * script and stylesheet from dist/webview, and the controls the script wires up, labelled in the
 * display language (the script's own words come with its first message).
 */
export function previewHtml(webview: vscode.Webview, assets: { script: vscode.Uri; style: vscode.Uri }): string {
  const nonce = randomBytes(18).toString('base64');
  const source = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `img-src ${source} data:`,
    `media-src ${source}`,
    `style-src ${source}`,
    `font-src ${source}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${webview.asWebviewUri(assets.style)}">
<title>${esc(l10n.t('Preview Translation'))}</title>
</head>
<body>
<main>
<section class="stage" aria-label="${esc(l10n.t('Player'))}">
<div id="notes" role="status"></div>
<video id="picture" muted playsinline preload="auto" hidden></video>
<div id="caption" aria-live="polite"></div>
<audio id="original" preload="auto"></audio>
<audio id="translated" preload="auto"></audio>
<div class="controls" role="toolbar" aria-label="${esc(l10n.t('Playback'))}">
<button id="prev" type="button" title="${esc(l10n.t('Previous cue (P or Up Arrow)'))}">${esc(l10n.t('Previous'))}</button>
<button id="play" type="button" title="${esc(l10n.t('Play or pause (Space or K)'))}" aria-pressed="false">${esc(l10n.t('Play'))}</button>
<button id="next" type="button" title="${esc(l10n.t('Next cue (N or Down Arrow)'))}">${esc(l10n.t('Next'))}</button>
<span id="time" aria-label="${esc(l10n.t('Time'))}">00:00.0</span>
<label>${esc(l10n.t('Speed'))} <select id="rate"><option value="0.5">0.5×</option><option value="0.75">0.75×</option><option value="1" selected>1×</option><option value="1.25">1.25×</option><option value="1.5">1.5×</option><option value="2">2×</option></select></label>
<fieldset><legend>${esc(l10n.t('Sound'))}</legend>
<label><input type="radio" name="speech" value="original" checked> ${esc(l10n.t('Original'))}</label>
<label><input type="radio" name="speech" value="translated"> ${esc(l10n.t('Translated speech'))}</label>
</fieldset>
</div>
</section>
<ol id="cues" aria-label="${esc(l10n.t('Cues'))}"></ol>
</main>
<script nonce="${nonce}" src="${webview.asWebviewUri(assets.script)}"></script>
</body>
</html>`;
}

/** A label (in the display language) made safe inside an element or a quoted attribute. */
function esc(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);
}
