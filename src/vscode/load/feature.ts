// The load test feature bundle (loaded on first use): `stevedore.load.run` from a Container stats
// row (its project and service) or the palette (the service picked), opening the service's panel.
// Arguments from the extension test may carry the form's values to start at once.
import * as vscode from 'vscode';
import { type LoadFormValues, type LoadLimits, parseFormValues } from '../../shared/protocol/load';
import type { FeatureHost } from '../host';
import { parseTargetArgs, refuseUntrusted } from '../logs/target';
import { LoadPanel, type LoadSettings } from './panel';
import { resolveServiceTarget } from './target';

/** The engine's own caps are the ceiling; the settings may only lower them. */
const HARD_LIMITS: LoadLimits = {
  maxRequests: 1_000_000, maxDurationSeconds: 3600, maxConcurrency: 1000, maxRate: 100_000,
};

function whole(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? Math.min(value, max) : Math.min(fallback, max);
}

export function readLoadSettings(): LoadSettings {
  const config = vscode.workspace.getConfiguration('stevedore.load');
  const limits: LoadLimits = {
    maxRequests: whole(config.get('maxRequests'), 100_000, HARD_LIMITS.maxRequests),
    maxDurationSeconds: whole(config.get('maxDurationSeconds'), 300, HARD_LIMITS.maxDurationSeconds),
    maxConcurrency: whole(config.get('maxConcurrency'), 256, HARD_LIMITS.maxConcurrency),
    maxRate: whole(config.get('maxRate'), 10_000, HARD_LIMITS.maxRate),
  };
  const path = config.get<unknown>('path');
  const defaults: LoadFormValues = {
    mode: config.get('stopAfter') === 'duration' ? 'duration' : 'requests',
    requests: whole(config.get('requests'), 1000, limits.maxRequests),
    durationSeconds: whole(config.get('durationSeconds'), 10, limits.maxDurationSeconds),
    concurrency: whole(config.get('concurrency'), 10, limits.maxConcurrency),
    rate: null,
    path: typeof path === 'string' && path.startsWith('/') ? path : '/',
  };
  return { defaults, limits };
}

/** What the command resolves with: the panel's run settled (the extension test waits for it). */
export interface LoadCommandResult {
  project: string;
  service: string;
  started: boolean;
}

async function runLoadTest(host: FeatureHost, rawArgs?: unknown): Promise<LoadCommandResult | undefined> {
  if (await refuseUntrusted('send load to a service')) return undefined;
  const args = parseTargetArgs(rawArgs);
  const target = await resolveServiceTarget(args);
  if (!target) return undefined;
  const settings = readLoadSettings();
  const panel = LoadPanel.show(host, target, settings);
  const record = (typeof rawArgs === 'object' && rawArgs !== null ? rawArgs : {}) as Record<string, unknown>;
  const values = parseFormValues(record.run);
  const result = { project: target.target.project.name, service: target.service };
  if (!values) return { ...result, started: false };
  // From the extension test: the form's values given, sent as the page would.
  const url = target.choices[0].url;
  await panel.start(url, values);
  return { ...result, started: true };
}

export const feature = { runLoadTest, cancelAll: () => LoadPanel.cancelAll() };
