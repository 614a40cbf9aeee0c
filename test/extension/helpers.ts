
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';
import { parseStatsFromWebview, type StatsFromWebview } from '../../src/shared/protocol/stats';

export const EXTENSION_ID = 'stevedore-dev.stevedore';

/** A file of the demo workspace the tests open VS Code on. */
export function demoFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The extension tests need the demo workspace open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

export async function stevedore(): Promise<StevedoreApi> {
  const extension = vscode.extensions.getExtension<StevedoreApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return extension.activate();
}

/** Poll until `probe` returns something truthy, or fail naming what was awaited. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}


export type StatsSnapshot = Extract<StatsFromWebview, { type: 'stats/snapshot' }>;
let nextSnapshotId = 1_000_000;

/** Ask the Container stats page what it shows; only a reply that passes the protocol's validation counts. */
export function statsSnapshot(api: StevedoreApi, timeoutMs = 5000): Promise<StatsSnapshot> {
  const webview = api.webviews.get('stats');
  if (!webview) return Promise.reject(new Error('The stats view is not open'));
  const id = nextSnapshotId++;
  return new Promise<StatsSnapshot>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error('The stats view did not answer the snapshot request'));
    }, timeoutMs);
    const listener = webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseStatsFromWebview(raw);
      if (message?.type !== 'stats/snapshot' || message.id !== id) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(message);
    });
    void webview.postMessage({ type: 'stats/snapshotRequest', id });
  });
}

export type DriverRequest =
  | { action: 'clickButton'; name: string }
  | { action: 'typeAndEnter'; text: string }
  | { action: 'waitForText'; text: string }
  /** A control inside a webview (by ARIA role and accessible name), e.g. a radio of the stats range picker. */
  | { action: 'clickInWebview'; role: 'button' | 'radio' | 'option' | 'combobox'; name: string };
let nextDriverId = 1;

/**
 * Ask scripts/test-extension.mjs (code-server run) to act on the workbench's UI, which the extension
 * host cannot reach, and wait for its reply; throws with the driver's error.
 */
export async function driver(request: DriverRequest, timeoutMs = 30_000): Promise<void> {
  const replies = process.env.STEVEDORE_DRIVER_REPLIES;
  if (!replies) throw new Error('No UI driver: this test needs the code-server run of scripts/test-extension.mjs');
  const id = nextDriverId++;
  console.log(`STEVEDORE_DRIVER ${JSON.stringify({ ...request, id })}`);
  const file = join(replies, `${id}.json`);
  const reply = await waitFor(() => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { ok: boolean; error?: string }) : undefined), `the UI driver to ${request.action}`, timeoutMs);
  if (!reply.ok) throw new Error(`The UI driver could not ${request.action} ${JSON.stringify(request)}: ${reply.error}`);
}
