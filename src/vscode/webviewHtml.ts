// Every Stevedore webview's options and page: the HTML shell (webviewDocument.ts) with a fresh nonce
// and the webview's own resource URLs.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { WebviewName } from '../shared/protocol/common';
import { webviewDocument } from './webviewDocument';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function webviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  view: WebviewName,
  title: string,
): string {
  return webviewDocument({
    view,
    title,
    cspSource: webview.cspSource,
    asset: (...path) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString(),
    nonce: randomBytes(18).toString('base64'),
  });
}
