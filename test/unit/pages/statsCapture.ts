// Records stats-fixture.json (what the page tests and the screenshot feed the page) from the real
// engine: the view's messages for a running compose project, as the extension would send them.
// Usage: npx tsx test/unit/pages/statsCapture.ts COMPOSE_FOLDER [PROJECT_NAME] [SECONDS]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceKey, type HistoryPoint, type ViewProject } from '../../../src/shared/protocol/stats';
import { ComposeStatsMonitor } from '../../../src/stats/monitor';
import { historyPoints, toViewProjects } from '../../../src/vscode/stats/toView';

const [folder, projectName, seconds = '90'] = process.argv.slice(2);
if (!folder) throw new Error('Usage: statsCapture.ts COMPOSE_FOLDER [PROJECT_NAME] [SECONDS]');
const monitor = new ComposeStatsMonitor({ folder, projectName });
let last: { at: number; projects: ViewProject[] } | undefined;
monitor.on('state', (states) => {
  last = { at: Date.now() / 1000, projects: toViewProjects([{ folder: 'demo', services: states }]) };
});
void monitor.start();
setTimeout(() => {
  const series: Record<string, HistoryPoint[]> = {};
  for (const state of monitor.states()) series[serviceKey(state.project, state.service)] = historyPoints(monitor.history(state.service)).slice(-90);
  writeFileSync(join(__dirname, 'stats-fixture.json'), JSON.stringify({ ...last, series }));
  monitor.dispose();
  process.exit(0);
}, Number(seconds) * 1000);
