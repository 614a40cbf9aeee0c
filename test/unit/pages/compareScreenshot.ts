// The README's screenshot of the comparison view: the built page in headless Chromium, fed the
// engine's comparison of the demo's wasteful image (demo/wasteful/Dockerfile) with its fixed version,
// both built here by the real engine. Usage: npm run build && npx tsx test/unit/pages/compareScreenshot.ts [out.png] [light|dark|hc]
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from '../../../src/docker/connection';
import { compareImages, comparisonSummary } from '../../../src/image/index';
import type { CompareView } from '../../../src/shared/protocol/compare';
import { busyboxPath, dockerCli } from '../../support/docker';
import { dark, highContrast, light, openWebviewPage } from '../../support/webviewPage';

const root = join(__dirname, '..', '..', '..');
const [out = join(root, 'media', 'screenshots', 'compare.png'), themeName = 'dark'] = process.argv.slice(2);
const theme = { dark, light, hc: highContrast }[themeName] ?? dark;
const FIXED = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN mkdir -p /app \\
    && dd if=/dev/urandom of=/app/model.bin bs=1024 count=3072 \\
    && echo "v2" > /app/VERSION \\
    && chmod -R 600 /app
CMD ["sh"]
`;
const TAGS = { before: 'stevedore-demo-wasteful:before', after: 'stevedore-demo-wasteful:fixed' };

async function build(tag: string, dockerfile: string): Promise<void> {
  const context = mkdtempSync(join(tmpdir(), 'stevedore-shot-cmp-'));
  try {
    copyFileSync(busyboxPath(), join(context, 'busybox'));
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    await dockerCli(['build', '--network', 'none', '-q', '-t', tag, context]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

(async () => {
  await build(TAGS.before, readFileSync(join(root, 'demo', 'wasteful', 'Dockerfile'), 'utf8'));
  await build(TAGS.after, FIXED);
  try {
    const { docker } = await connectDocker({});
    const { result } = await compareImages({ kind: 'engine', docker, image: TAGS.before }, { kind: 'engine', docker, image: TAGS.after });
    const comparison = result.comparison();
    const view: CompareView = {
      comparison, labelA: TAGS.before, labelB: `${TAGS.after} (Build and compare)`, summary: comparisonSummary(comparison),
      changesTotal: comparison.changes.length, canOpenDiff: true,
    };
    const page = await openWebviewPage('compare', { theme, width: 1100, height: 900 });
    await page.send({ type: 'compare/result', view });
    await page.page.waitForSelector('tr.change-row');
    const bottom = await page.page.evaluate(() => (document.getElementById('root') as HTMLElement).getBoundingClientRect().bottom);
    await page.page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1100, height: Math.min(Math.ceil(bottom) + 8, 900) } });
    await page.close();
    console.log(`wrote ${out}`);
  } finally {
    for (const tag of Object.values(TAGS)) await dockerCli(['rmi', '-f', tag]).catch(() => undefined);
  }
})().catch((error: unknown) => {
  console.error('Could not take the comparison screenshot:', error);
  process.exit(1);
});
