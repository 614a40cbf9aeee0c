// The Container stats view's messages. Owned by the stats feature.
import { type CommonFromWebview, type CommonToWebview, isRecord, isShortString, parseCommonFromWebview } from './common';

export type ServiceAction = 'start' | 'stop' | 'restart' | 'logs' | 'inspect';
export const SERVICE_ACTIONS: readonly ServiceAction[] = ['start', 'stop', 'restart', 'logs', 'inspect'];

/** extension -> webview */
export type StatsToWebview = CommonToWebview | { type: 'stats/message'; text: string };

/** webview -> extension */
export type StatsFromWebview =
  | CommonFromWebview
  | { type: 'stats/action'; action: ServiceAction; project: string; service: string; containerId?: string };

/** Validate a message from the stats webview; anything not exactly of a known shape is dropped. */
export function parseStatsFromWebview(message: unknown): StatsFromWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  if (message.type === 'stats/action') {
    const { action, project, service, containerId } = message;
    if (!SERVICE_ACTIONS.includes(action as ServiceAction) || !isShortString(project) || !isShortString(service)) return undefined;
    if (containerId !== undefined && !(typeof containerId === 'string' && /^[0-9a-f]{12,64}$/.test(containerId))) return undefined;
    return { type: 'stats/action', action: action as ServiceAction, project, service, ...(containerId ? { containerId } : {}) };
  }
  return parseCommonFromWebview(message);
}
