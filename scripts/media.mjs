// Renders the extension's pictures that are made from other files, with the Chromium the extension
// tests already use: media/icon.png (128×128, the Marketplace and Open VSX icon) from media/icon.svg,
// and the walkthrough's images (media/walkthrough/*.png, 800 px wide, small enough for the .vsix)
// from the README's screenshots. Run it after changing either: `node scripts/media.mjs`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, CHROMIUM_ARGS, root } from './code-server.mjs';

const WALKTHROUGH = {
  lint: 'vscode.png',
  analyze: 'analyze.png',
  stats: 'stats.png',
  connect: 'stats.png',
};

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
try {
  const icon = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await icon.setContent(`<body style="margin:0;background:transparent">${readFileSync(join(root, 'media', 'icon.svg'), 'utf8')}</body>`);
  await icon.screenshot({ path: join(root, 'media', 'icon.png'), omitBackground: true });
  for (const [step, screenshot] of Object.entries(WALKTHROUGH)) {
    const data = readFileSync(join(root, 'media', 'screenshots', screenshot)).toString('base64');
    const page = await browser.newPage({ viewport: { width: 800, height: 500 } });
    await page.setContent(`<body style="margin:0"><img id="shot" style="width:800px;display:block" src="data:image/png;base64,${data}"></body>`);
    const height = await page.$eval('#shot', (img) => Math.round(img.getBoundingClientRect().height));
    await page.setViewportSize({ width: 800, height: Math.min(height, 600) });
    await page.screenshot({ path: join(root, 'media', 'walkthrough', `${step}.png`) });
    console.log(`media/walkthrough/${step}.png from media/screenshots/${screenshot}`);
  }
  console.log('media/icon.png from media/icon.svg');
} finally {
  await browser.close();
}
