// The logs feature bundle (loaded on first use): the log view of a compose project, "Open shell" and
// "Open in browser". Commands are registered in src/extension.ts and call in here.
import type { FeatureHost, LogsFeature } from '../host';
import { EMPTY_FILTER, VIEW_LEVEL_CHOICES, type ViewLevelChoice, type ViewLogFilter } from '../../shared/protocol/logs';
import { openInBrowser } from './browser';
import { LogPanel } from './panel';
import { openShell } from './shell';
import { chooseProject, parseTargetArgs } from './target';

async function showLogs(host: FeatureHost, rawArgs?: unknown): Promise<void> {
  const args = parseTargetArgs(rawArgs);
  const target = await chooseProject(args);
  if (!target) return;
  const levels = (args.levels ?? [])
    .filter((level): level is ViewLevelChoice => VIEW_LEVEL_CHOICES.includes(level as ViewLevelChoice));
  // From a row: that service (and levels); from the palette: keep what the bar holds.
  const filter: ViewLogFilter | undefined = args.service
    ? { ...EMPTY_FILTER, services: [args.service], levels }
    : undefined;
  LogPanel.show(host, target, filter);
}

export const feature: LogsFeature = {
  showLogs,
  openShell: (host, args) => openShell(host, args),
  openInBrowser: (_host, args) => openInBrowser(args),
};
