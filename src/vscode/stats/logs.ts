// A service's logs in a LogOutputChannel that follows the containers: error lines are logged at
// error level, so VS Code colours them and the channel's level filter can show only them.
import * as vscode from 'vscode';
import type { LogLine } from '../../stats';

interface FollowedLogs {
  channel: vscode.LogOutputChannel;
  follower?: { dispose(): void };
}

export type FollowLogs = (onLine: (line: LogLine) => void) => { dispose(): void };

export class ServiceLogs implements vscode.Disposable {
  private readonly open = new Map<string, FollowedLogs>();

  /** Show (and follow afresh) the logs of a service, or of one of its containers. */
  show(project: string, service: string, container: string | undefined, follow: FollowLogs): void {
    const title = container ? `${container}` : `${service} (${project})`;
    const key = `${project}/${service}/${container ?? ''}`;
    let entry = this.open.get(key);
    if (!entry) {
      entry = { channel: vscode.window.createOutputChannel(`Stevedore logs: ${title}`, { log: true }) };
      this.open.set(key, entry);
    }
    // Following again after a restart picks up the new containers; the recent tail is shown again.
    entry.follower?.dispose();
    entry.channel.clear();
    const channel = entry.channel;
    channel.info(`Following the logs of ${container ?? `every container of ${service}`} (last 200 lines, then new ones). Error lines are logged at error level.`);
    entry.follower = follow((line) => {
      if (container && line.container !== container) return;
      const text = container ? line.text : `${line.container} | ${line.text}`;
      if (line.isError) channel.error(text);
      else if (line.stream === 'stderr') channel.warn(text);
      else channel.info(text);
    });
    channel.show(true);
  }

  dispose(): void {
    for (const entry of this.open.values()) {
      entry.follower?.dispose();
      entry.channel.dispose();
    }
    this.open.clear();
  }
}
