// The pages run under the extension's own Content-Security-Policy (src/vscode/webviewDocument.ts,
// the shell webviewHtml.ts hands VS Code), and the harness shows them that way: a script without the
// page's nonce, a remote resource or a fetch is refused inside the test page as it would be in VS Code.
import * as assert from 'node:assert/strict';
import { webviewDocument } from '../../../src/vscode/webviewDocument';
import { CHROMIUM, chromiumAvailable, openWebviewPage, type WebviewPage } from '../../support/webviewPage';

describe('webview page shell: the extension CSP, also in the test harness', function () {
  this.timeout(60_000);

  it('allows only nonce-carrying scripts and styles, and resources from the webview origin', () => {
    const html = webviewDocument({ view: 'stats', title: 'A "title" <b>', cspSource: 'https://origin.test', asset: (...path) => `https://origin.test/${path.join('/')}`, nonce: 'N0nce' });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-N0nce'(;|$)/);
    assert.match(csp, /style-src https:\/\/origin\.test 'nonce-N0nce'(;|$)/);
    assert.match(csp, /connect-src 'none'/);
    assert.ok(html.includes('<script nonce="N0nce" src="https://origin.test/dist/webview/stats.js"></script>'));
    assert.ok(html.includes('<title>A &quot;title&quot; &lt;b&gt;</title>'), 'the title is escaped');
  });

  describe('in Chromium', () => {
    let view: WebviewPage | undefined;
    before(function () {
      if (!chromiumAvailable('stats')) {
        console.log(`    skipped: needs ${CHROMIUM} and a build (npm run build)`);
        this.skip();
      }
    });
    afterEach(async () => view?.close());

    it('refuses a script without the nonce and a fetch, while the page itself runs', async () => {
      view = await openWebviewPage('stats');
      const outcome = await view.page.evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true;';
        document.head.append(script);
        let fetched = true;
        try {
          await fetch('https://stevedore-webview.test/media/webview.css');
        } catch {
          fetched = false;
        }
        return { injected: (window as unknown as { __injected?: boolean }).__injected === true, fetched, rendered: document.getElementById('root')?.childElementCount ?? 0 };
      });
      assert.equal(outcome.injected, false, 'an inline script without the nonce did not run');
      assert.equal(outcome.fetched, false, 'connect-src refused the fetch');
      assert.ok(outcome.rendered > 0, 'the bundle, loaded with the nonce, rendered the view');
      assert.deepEqual(((await view.posted()) as Array<{ type: string }>).map((m) => m.type).slice(0, 1), ['ready']);
    });
  });
});
