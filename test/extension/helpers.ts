
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';

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

