// Messages every Stevedore webview understands, and the small validators the per-view protocols share.

export type WebviewName = 'stats' | 'analyze' | 'compare' | 'logs' | 'load';

export type CommonToWebview = { type: 'ping'; id: number };

export type CommonFromWebview =
  | { type: 'ready'; view: WebviewName }
  | { type: 'pong'; id: number; view: WebviewName; rendered: boolean };

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const isWebviewName = (value: unknown): value is WebviewName =>
  value === 'stats' || value === 'analyze' || value === 'compare' || value === 'logs' || value === 'load';
export const isShortString = (value: unknown, max = 512): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;
export const isIndex = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) < 10_000_000;

export function parseCommonFromWebview(message: Record<string, unknown>): CommonFromWebview | undefined {
  switch (message.type) {
    case 'ready':
      return isWebviewName(message.view) ? { type: 'ready', view: message.view } : undefined;
    case 'pong':
      return isIndex(message.id) && isWebviewName(message.view) && typeof message.rendered === 'boolean'
        ? { type: 'pong', id: message.id, view: message.view, rendered: message.rendered }
        : undefined;
    default:
      return undefined;
  }
}
