// The Analyze page's file actions and "Largest files in the image" list, in headless Chromium with
// the built bundle, fed the engine's analysis of an image the real engine builds: Enter or a double
// click opens a file, the toolbar's Open and Save as… act on the selected row (named for screen
// readers), and the largest-files list asks the extension for a glob and shows the answer as text.
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { type AnalyzedImage, analyzeImage, encodeFileTree, largestImageFiles } from '../../../src/image';
import { chromiumAvailable, CHROMIUM, dark, openWebviewPage, type WebviewPage } from '../../support/webviewPage';
import { requireDocker } from '../../support/docker';
import { buildImage, removeImage } from '../image/support';

const TAG = 'stevedore-test-layerfiles-page:1';
const HOSTILE = '<img src=x onerror=alert(1)>.so';

type Posted = { type: string; layerIndex?: number; scope?: string; path?: string; glob?: string };

describe('Analyze page: opening and saving files, largest files (Chromium, real image)', function () {
  this.timeout(120_000);
  let image: AnalyzedImage;
  let panel: WebviewPage;
  let docker: Docker;

  before(async function () {
    docker = await requireDocker(this);
    if (!chromiumAvailable('analyze')) {
      console.log(`    skipped: needs ${CHROMIUM} and a build (node scripts/build.mjs)`);
      this.skip();
    }
    await buildImage(TAG, `RUN mkdir -p /app/lib && head -c 5000 /dev/zero > /app/lib/libbig.so && echo hi > /app/readme.txt && touch '/app/lib/${HOSTILE}'\n`);
    image = await analyzeImage({ kind: 'engine', docker, image: TAG });
  });

  beforeEach(async () => {
    panel = await openWebviewPage('analyze', {
      theme: dark,
      onMessage: async (message, page) => {
        const posted = message as Posted;
        if (posted.type === 'ready') {
          await page.post({ type: 'analyze/summary', summary: { analysis: image.analysis, sourceLabel: TAG, wastedEntryCount: image.analysis.wasted.length } });
        } else if (posted.type === 'analyze/requestTree' && posted.layerIndex !== undefined) {
          const scope = posted.scope === 'aggregate' ? 'aggregate' : 'layer';
          await page.post({ type: 'analyze/tree', layerIndex: posted.layerIndex, scope, tree: encodeFileTree(image.files.files(posted.layerIndex, scope)) });
        } else if (posted.type === 'analyze/requestLargest') {
          const glob = posted.glob ?? '';
          await page.post({ type: 'analyze/largest', largest: { glob, ...largestImageFiles(image.contents, { glob }) } });
        }
      },
    });
    await panel.page.waitForSelector('.tree-row:not([hidden])');
  });

  afterEach(async () => panel?.close());
  after(async () => removeImage(TAG));

  const last = (): number => image.analysis.layers.length - 1;
  const posted = async (type: string): Promise<Posted[]> => ((await panel.posted()) as Posted[]).filter((message) => message.type === type);

  /** Select the last layer (the one that wrote /app) and the tree row named `name`. */
  async function selectRow(name: string): Promise<void> {
    await panel.page.focus('.layers');
    await panel.page.keyboard.press('End');
    await panel.page.waitForFunction((wanted) => [...document.querySelectorAll('.tree-row .name')].some((node) => node.textContent === wanted), name);
    await panel.page.focus('.tree');
    await panel.page.keyboard.press('Home');
    for (let step = 0; step < 20; step++) {
      const active = await panel.page.evaluate(() => {
        const tree = document.querySelector('.tree') as HTMLElement;
        return document.getElementById(tree.getAttribute('aria-activedescendant') ?? '')?.querySelector('.name')?.textContent ?? '';
      });
      if (active === name) return;
      await panel.page.keyboard.press('ArrowDown');
    }
    assert.fail(`row ${name} not reached`);
  }

  it('Enter on a file asks the extension to open it; on a folder it only folds', async () => {
    await selectRow('readme.txt');
    await panel.page.keyboard.press('Enter');
    await panel.page.waitForFunction(() => true);
    assert.deepEqual((await posted('analyze/openFile')).at(-1), { type: 'analyze/openFile', layerIndex: last(), scope: 'layer', path: 'app/readme.txt' });
    await selectRow('lib');
    const before = (await posted('analyze/openFile')).length;
    await panel.page.keyboard.press('Enter');
    assert.equal((await posted('analyze/openFile')).length, before);
  });

  it('the toolbar\'s Open and Save as… act on the selected row and say which one to screen readers', async () => {
    await selectRow('lib');
    assert.equal(await panel.page.getAttribute('vscode-button[icon="go-to-file"]', 'disabled'), '');
    assert.equal(await panel.page.getAttribute('vscode-button[icon="save-as"]', 'aria-label'), 'Save /app/lib as…');
    await panel.page.click('vscode-button[icon="save-as"]');
    await panel.page.waitForFunction(() => true);
    assert.deepEqual((await posted('analyze/saveFile')).at(-1), { type: 'analyze/saveFile', layerIndex: last(), scope: 'layer', path: 'app/lib' });
    await selectRow('readme.txt');
    assert.equal(await panel.page.getAttribute('vscode-button[icon="go-to-file"]', 'aria-label'), 'Open /app/readme.txt in an editor');
    await panel.page.click('vscode-button[icon="go-to-file"]');
    await panel.page.waitForFunction(() => true);
    assert.equal((await posted('analyze/openFile')).at(-1)?.path, 'app/readme.txt');
  });

  it('lists the largest files for a glob as text, each openable at the layer that wrote it', async () => {
    await panel.page.click('.largest-files summary');
    await panel.page.waitForSelector('[data-largest]');
    assert.equal((await posted('analyze/requestLargest'))[0]?.glob, '');
    const all = largestImageFiles(image.contents);
    assert.match(await panel.page.textContent('.largest-status') ?? '', new RegExp(`${all.matching} files in the image`));
    assert.equal(await panel.page.textContent('[data-largest] .file-link'), `/${all.files[0].path}`);
    await panel.page.fill('.largest-files .glob', '*.so');
    await panel.page.press('.largest-files .glob', 'Enter');
    await panel.page.waitForFunction(() => document.querySelector('.largest-status')?.textContent?.includes('matching *.so'));
    const rows = await panel.page.locator('[data-largest] .file-link').allTextContents();
    assert.deepEqual(rows, ['/app/lib/libbig.so', `/app/lib/${HOSTILE}`]);
    assert.equal(await panel.page.locator('img').count(), 0, 'a name like HTML stays text');
    await panel.page.click('[data-largest] .icon-button');
    await panel.page.waitForFunction(() => true);
    assert.deepEqual((await posted('analyze/openFile')).at(-1), { type: 'analyze/openFile', layerIndex: last(), scope: 'aggregate', path: 'app/lib/libbig.so' });
  });
});
