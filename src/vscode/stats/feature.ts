// The "Container stats" sidebar view.
import * as vscode from 'vscode';
import type { FeatureHost, StatsFeature } from '../host';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { parseStatsFromWebview } from '../../shared/protocol/stats';

export const feature: StatsFeature = {
  resolveStatsView(host: FeatureHost, view: vscode.WebviewView): void {
    const disposables: vscode.Disposable[] = [];
    view.webview.options = webviewOptions(host.context.extensionUri);
    host.webviews.attach('stats', view.webview, disposables);
    disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseStatsFromWebview(raw);
        if (!message) {
          host.log.warn('Ignored a malformed message from the stats view');
          return;
        }
        if (message.type === 'ready') void view.webview.postMessage({ type: 'stats/message', text: 'Looking for compose services…' });
      }),
    );
    view.webview.html = webviewHtml(view.webview, host.context.extensionUri, 'stats', 'Container stats');
    view.onDidDispose(() => disposables.forEach((d) => d.dispose()));
  },
};
export const resolveStatsView = feature.resolveStatsView;
