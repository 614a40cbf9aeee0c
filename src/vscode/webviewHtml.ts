// The HTML shell shared by every Stevedore webview: a strict Content-Security-Policy with a fresh
// nonce, no remote resources, and only dist/ and media/ reachable.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { WebviewName } from '../shared/protocol/common';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: WebviewName, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
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
