// The last load test results of each service, kept in the workspace's state so the next run is
// compared with the previous one (and the form starts from the last settings). Bounded: a few runs
// per service, a few dozen services.
import type * as vscode from 'vscode';
import { type LoadFormValues, type LoadResultView, parseFormValues } from '../../shared/protocol/load';
import type { ServiceTarget } from './target';

const KEY = 'stevedore.load.history';
const RUNS_PER_SERVICE = 5;
const MAX_SERVICES = 50;

export interface StoredRun {
  /** Unix ms the run ended. */
  at: number;
  url: string;
  values: LoadFormValues;
  view: LoadResultView;
  /** The engine's result, as `stevedore load --format json` writes it. */
  result: unknown;
}

type History = Record<string, StoredRun[]>;

const keyOf = (target: ServiceTarget): string => `${target.target.project.name}/${target.service}`;

function read(state: vscode.Memento): History {
  const value = state.get<unknown>(KEY, {});
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as History) : {};
}

function runs(state: vscode.Memento, target: ServiceTarget): StoredRun[] {
  const list = read(state)[keyOf(target)];
  return Array.isArray(list) ? list.filter((run) => typeof run?.at === 'number' && typeof run.view === 'object' && run.view !== null) : [];
}

/** The most recent run of the service, before the one being recorded. */
export function previousRun(state: vscode.Memento, target: ServiceTarget): StoredRun | undefined {
  return runs(state, target)[0];
}

export function lastValues(state: vscode.Memento, target: ServiceTarget): LoadFormValues | undefined {
  return parseFormValues(runs(state, target)[0]?.values);
}

export async function rememberRun(state: vscode.Memento, target: ServiceTarget, run: StoredRun): Promise<void> {
  const history = read(state);
  const key = keyOf(target);
  history[key] = [run, ...runs(state, target)].slice(0, RUNS_PER_SERVICE);
  // The services tested longest ago go first when there are too many.
  const keys = Object.keys(history).sort((a, b) => (history[b][0]?.at ?? 0) - (history[a][0]?.at ?? 0));
  const kept: History = {};
  for (const name of keys.slice(0, MAX_SERVICES)) kept[name] = history[name];
  await state.update(KEY, kept);
}
