// The HTML shell shared by every Stevedore webview: a strict Content-Security-Policy keyed to a
// nonce, no remote resources, only dist/ and media/ reachable. No `vscode` import, so the page tests
// (test/support/webviewPage.ts) build their pages with this same function; webviewHtml.ts adapts it.
import type { WebviewName } from '../shared/protocol/common';

export interface WebviewDocumentOptions {
  view: WebviewName;
  title: string;
  /** The webview's origin for resources (VS Code's `webview.cspSource`). */
  cspSource: string;
  /** The URL of a file of the extension (`dist/...`, `media/...`) as the webview may load it. */
  asset: (...path: string[]) => string;
  /** Fresh for every page: only scripts and styles that carry it run. */
  nonce: string;
}

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function webviewDocument({ view, title, cspSource, asset, nonce }: WebviewDocumentOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttribute(title)}</title>
<link rel="stylesheet" href="${asset('dist', 'codicons', 'codicon.css')}" id="vscode-codicon-stylesheet" nonce="${nonce}">
<link rel="stylesheet" href="${asset('media', 'webview.css')}" nonce="${nonce}">
</head>
<body data-view="${view}">
<main id="root" aria-busy="true"></main>
<script nonce="${nonce}" src="${asset('dist', 'webview', `${view}.js`)}"></script>
</body>
</html>`;
}
