// The one place the panel talks to the load engine (src/load, through its index.ts): a run with an
// AbortSignal and one tick a second, the result mapped to the page's card, the comparison of two
// runs and the remote-host guard, each computed by the engine the CLI uses too.
import type { LoadFormValues, LoadResultView, LoadTick } from '../../shared/protocol/load';
import type { StoredRun } from './history';
import type { ServiceTarget } from './target';

export interface RunRequest {
  url: string;
  values: LoadFormValues;
  target: ServiceTarget;
  allowRemote: boolean;
  signal: AbortSignal;
  onTick(tick: LoadTick): void;
}

export interface EngineRun {
  view: LoadResultView;
  /** The engine's result as `stevedore load --format json` writes it. */
  json: unknown;
}

export async function startRun(request: RunRequest): Promise<EngineRun> {
  void request;
  throw new Error('the load engine (src/load) is not built into this version yet');
}

export function compareRuns(previous: StoredRun, current: StoredRun): string[] {
  void previous;
  void current;
  return [];
}

/** The host to name in the confirmation when `url` is not this machine, else undefined. */
export function remoteHost(url: string, workspacePorts: number[]): string | undefined {
  void workspacePorts;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host) ? undefined : host;
}
