// Analyse an image in a child process: its peak memory (maxRSS) is then the analysis's own, and a
// hang is killed after a hard limit instead of freezing the test run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(__dirname, '..', '..', '..');

export interface ChildAnalysis {
  /** The ImageSourceError's code and message, or any other error's message (code undefined). */
  error?: { code?: string; message: string };
  fileCount?: number;
  flagged?: string[];
  layers?: Array<{ removed: number; added: number }>;
  /** Time spent in analyzeImage. */
  ms: number;
  /** Peak resident memory of the whole child process, MB. */
  maxRssMB: number;
}

/**
 * `options` is JavaScript source for analyzeImage's options (so limits can be Infinity), e.g.
 * `{ expansionLimit: { maxRatio: 100, floorBytes: 1048576, maxBytes: Infinity } }`.
 */
export function analyseInChild(source: { kind: 'archive' | 'oci-dir'; path: string }, options = '{}', hardLimitMs = 60_000): ChildAnalysis {
  const script = `
    const { analyzeImage } = require(${JSON.stringify(join(root, 'src/image/index'))});
    const started = performance.now();
    analyzeImage(${JSON.stringify(source)}, ${options}).then(
      ({ analysis }) => ({ fileCount: analysis.fileCount, flagged: (analysis.flaggedEntries ?? []).map((e) => e.path + ': ' + e.reason),
        layers: analysis.layers.map((l) => ({ removed: l.removed, added: l.added })) }),
      (error) => ({ error: { code: error.code, message: String(error.message ?? error) } }),
    ).then((result) => {
      result.ms = performance.now() - started;
      result.maxRssMB = process.resourceUsage().maxRSS / 1024;
      process.stdout.write(JSON.stringify(result));
    });`;
  // Through a shell that forks: a child forked straight from this (large) test process starts with
  // its peak memory as its own (Linux keeps it across exec), which would hide the analysis's.
  const args = [process.execPath, '--import', pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href, '-e', script];
  const child = spawnSync('/bin/sh', ['-c', '"$@"; exit $?', 'sh', ...args], {
    encoding: 'utf8',
    timeout: hardLimitMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.signal) throw new Error(`the analysis did not finish within ${hardLimitMs} ms (killed with ${child.signal})`);
  if (child.status !== 0) throw new Error(`the analysis crashed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  return JSON.parse(child.stdout) as ChildAnalysis;
}
