// The README's screenshot of the Container stats view: the built page in headless Chromium, fed
// the rows recorded from the real engine (stats-fixture.json), one chart open, the cache row focused.
// Usage: npm run build && npx tsx test/unit/pages/statsScreenshot.ts [out.png] [light|dark|hc] [width]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dark, highContrast, light, openWebviewPage } from '../../support/webviewPage';

const [out = join(__dirname, '..', '..', '..', 'media', 'screenshots', 'stats.png'), themeName = 'dark', width = '360'] = process.argv.slice(2);
const theme = { dark, light, hc: highContrast }[themeName] ?? dark;
const fixture = JSON.parse(readFileSync(join(__dirname, 'stats-fixture.json'), 'utf8')) as { at: number; projects: unknown; series: unknown };

(async () => {
  const view = await openWebviewPage('stats', { theme, width: Number(width), height: 900 });
  await view.send({ type: 'stats/config', trusted: true, thresholds: { cpu: { warning: 70, critical: 85 }, memory: { warning: 80, critical: 90 } }, historySeconds: 600 });
  await view.send({ type: 'stats/connection', status: 'connected', message: '' });
  await view.send({ type: 'stats/history', series: fixture.series });
  await view.send({ type: 'stats/projects', at: fixture.at, projects: fixture.projects });
  await view.page.click('.service-row[data-key$="/web"] button[aria-controls]');
  await view.page.waitForTimeout(300);
  await view.page.focus('.service-row[data-key$="/cache"]');
  const bottom = await view.page.evaluate(() => (document.getElementById('root') as HTMLElement).getBoundingClientRect().bottom);
  await view.page.screenshot({ path: out, clip: { x: 0, y: 0, width: Number(width), height: Math.ceil(bottom) + 8 } });
  await view.close();
  console.log(`wrote ${out}`);
})().catch((error: unknown) => {
  console.error('Could not take the stats screenshot:', error);
  process.exit(1);
});
