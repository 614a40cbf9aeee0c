// The webview side of the typed protocol: one VS Code API handle, typed post, and the common
// messages (ready, ping/pong) every view answers.
import type { CommonFromWebview, CommonToWebview, WebviewName } from '../../src/shared/protocol/common';

interface VsCodeApi<Out> {
  postMessage(message: Out): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi<Out>(): VsCodeApi<Out>;

export interface Bridge<In, Out> {
  post(message: Out | CommonFromWebview): void;
  onMessage(handler: (message: In) => void): void;
  getState<T>(): T | undefined;
  setState(state: unknown): void;
}

/** Connect a view. `isRendered` answers pings so tests can tell the view really drew itself. */
export function connect<In extends { type: string }, Out>(
  view: WebviewName,
  isRendered: () => boolean,
): Bridge<In, Out> {
  const api = acquireVsCodeApi<Out | CommonFromWebview>();
  const handlers: Array<(message: In) => void> = [];
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data as In | CommonToWebview;
    if (typeof message !== 'object' || message === null || typeof message.type !== 'string') return;
    if (message.type === 'ping') {
      api.postMessage({ type: 'pong', id: (message as CommonToWebview).id, view, rendered: isRendered() });
      return;
    }
    for (const handler of handlers) handler(message as In);
  });
  const bridge: Bridge<In, Out> = {
    post: (message) => api.postMessage(message),
    onMessage: (handler) => handlers.push(handler),
    getState: <T>() => api.getState() as T | undefined,
    setState: (state) => api.setState(state),
  };
  queueMicrotask(() => api.postMessage({ type: 'ready', view }));
  return bridge;
}

/** Create an element with text content only: names from containers and images are never HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return element;
}
