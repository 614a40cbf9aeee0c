// The image Stevedore last built from each Dockerfile, kept in workspaceState so "Build and compare"
// can compare a new build with it. Kept by image ID: the tag moves to the new build.
import type * as vscode from 'vscode';

export interface LastBuild {
  tag: string;
  id: string;
  /** When it was built (ms since the epoch). */
  at: number;
}

const key = (dockerfilePath: string): string => `stevedore.lastBuild:${dockerfilePath}`;

export function lastBuildOf(state: vscode.Memento, dockerfilePath: string): LastBuild | undefined {
  const saved = state.get<unknown>(key(dockerfilePath));
  if (typeof saved !== 'object' || saved === null) return undefined;
  const { tag, id, at } = saved as Record<string, unknown>;
  return typeof tag === 'string' && typeof id === 'string' && /^sha256:[0-9a-f]{64}$/.test(id) && typeof at === 'number' ? { tag, id, at } : undefined;
}

export function rememberBuild(state: vscode.Memento, dockerfilePath: string, build: LastBuild): Thenable<void> {
  return state.update(key(dockerfilePath), build);
}
