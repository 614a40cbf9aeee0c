// Live numbers in the compose editor: a CodeLens above each service ("2 running · CPU 4.5% ·
// 1.7 MiB / 64 MiB") that reveals it in the Container stats view, and a hover on the service's name
// with its last minute as sparklines. The numbers come from the stats view (host.liveServices).
import * as vscode from 'vscode';
import { humanBytes, humanWindow, parseComposeText, type ComposeDocument, type ComposeEntry } from '../../compose';
import type { FeatureHost, LiveService } from '../host';
import { liveServicesOf } from './diagnostics';

export const REVEAL_COMMAND = 'stevedore.compose.revealService';

/** The services: entries of a compose text, parsed once per document version. */
export class ServiceEntries {
  private readonly parsed = new Map<string, { version: number; doc: ComposeDocument }>();

  of(document: vscode.TextDocument): ComposeEntry[] {
    const key = document.uri.toString();
    let cached = this.parsed.get(key);
    if (!cached || cached.version !== document.version) {
      cached = { version: document.version, doc: parseComposeText(document.getText(), document.uri.fsPath) };
      this.parsed.set(key, cached);
    }
    const root = cached.doc.root;
    if (root?.kind !== 'map') return [];
    const services = root.entries.find((entry) => entry.key === 'services' && !entry.merged)?.value;
    return services?.kind === 'map' ? services.entries.filter((entry) => !entry.merged) : [];
  }

  forget(uri: vscode.Uri): void {
    this.parsed.delete(uri.toString());
  }
}

/** "2 running · CPU 4.5% · 1.7 MiB / 64 MiB", "stopped", or "not running". */
export function liveSummary(live: LiveService | undefined): string {
  if (!live) return 'not running';
  if (live.running === 0) return live.containers > 0 ? `${live.containers} stopped` : 'not running';
  const parts = [`${live.running} running`];
  if (live.cpuPercent !== undefined) parts.push(`CPU ${live.cpuPercent.toFixed(1)}%`);
  if (live.memoryUsageBytes !== undefined) {
    parts.push(live.memoryLimitBytes !== undefined
      ? `${humanBytes(live.memoryUsageBytes)} / ${humanBytes(live.memoryLimitBytes)}`
      : `${humanBytes(live.memoryUsageBytes)} (no limit)`);
  }
  return parts.join(' · ');
}

const BARS = '▁▂▃▄▅▆▇█';

/** Eight-level bars, at most `width` of them (the newest points), scaled from the series' min to max. */
export function sparkline(values: readonly number[], width = 30): string {
  const shown = values.slice(-width);
  if (shown.length === 0) return '';
  const min = Math.min(...shown);
  const max = Math.max(...shown);
  const span = max - min;
  return shown.map((value) => BARS[span > 0 ? Math.min(7, Math.floor(((value - min) / span) * 8)) : 0]).join('');
}

export class ComposeLiveLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: { dispose(): void };

  constructor(private readonly host: FeatureHost, private readonly entries: ServiceEntries) {
    // The stats view publishes about once a second; the lenses follow at most that often.
    this.subscription = host.liveServices.onDidChange(() => {
      if (this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.changed.fire();
      }, 1000);
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.changed.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('stevedore.compose', document.uri).get<boolean>('codeLens', true)) return [];
    const watching = this.host.liveServices.watching;
    const live = liveServicesOf(document.uri, this.host.liveServices.services());
    return this.entries.of(document).map((entry) => {
      const { start } = entry.keySpan.range;
      const range = new vscode.Range(start.line, start.character, start.line, start.character);
      const service = live.get(entry.key);
      const title = watching ? liveSummary(service) : 'Show live numbers in Container stats';
      return new vscode.CodeLens(range, {
        title,
        tooltip: service ? `Reveal ${entry.key} (${service.project}) in the Container stats view` : 'Open the Container stats view',
        command: REVEAL_COMMAND,
        arguments: [{ project: service?.project, service: entry.key }],
      });
    });
  }
}

export class ComposeLiveHover implements vscode.HoverProvider {
  constructor(private readonly host: FeatureHost, private readonly entries: ServiceEntries) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const entry = this.entries.of(document).find((candidate) => {
      const { start, end } = candidate.keySpan.range;
      return position.line === start.line && position.character >= start.character
        && position.character <= end.character;
    });
    if (!entry) return undefined;
    const live = liveServicesOf(document.uri, this.host.liveServices.services()).get(entry.key);
    if (!live) return undefined;
    const markdown = new vscode.MarkdownString();
    markdown.appendMarkdown('**').appendText(entry.key).appendMarkdown('** ').appendText(`(${live.project}): ${liveSummary(live)}`);
    const { cpuPercent, memoryUsageBytes } = live.recent;
    if (cpuPercent.length > 1) {
      const seconds = cpuPercent.length;
      markdown.appendMarkdown('\n\n').appendText(`Last ${humanWindow(seconds)}:`);
      // The bars in code spans: a monospace font draws them evenly (they are only block characters).
      markdown.appendMarkdown(`\n\nCPU \`${sparkline(cpuPercent)}\` `).appendText(
        `${Math.min(...cpuPercent).toFixed(1)}–${Math.max(...cpuPercent).toFixed(1)}%, now ${cpuPercent[cpuPercent.length - 1].toFixed(1)}%`);
      const memory = memoryUsageBytes;
      markdown.appendMarkdown(`\n\nMemory \`${sparkline(memory)}\` `).appendText(
        `${humanBytes(Math.min(...memory))}–${humanBytes(Math.max(...memory))}, now ${humanBytes(memory[memory.length - 1])}`);
    }
    if (live.peak) {
      markdown.appendMarkdown('\n\n').appendText(
        `Peak of the busiest replica in the last ${humanWindow(live.peak.windowSeconds)}: ${humanBytes(live.peak.memoryBytes)}, CPU ${live.peak.cpuPercent.toFixed(1)}%`);
    }
    const { start, end } = entry.keySpan.range;
    return new vscode.Hover(markdown, new vscode.Range(start.line, start.character, end.line, end.character));
  }
}
