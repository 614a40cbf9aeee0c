// What one Compose rule is, like the Dockerfile rules (src/dockerfile/rule.ts): one file per rule with
// its code, severity, summary, explanation, check and, where safe, fix. Adding a rule = one file here,
// one line in rules/index.ts, one spec in test/unit/compose/rules/CODE.test.ts; `npm run docs` writes
// its docs/rules/CODE.md page.
import type { Document, Pair, YAMLMap } from 'yaml';
import type { Fix, Range, Severity } from '../../dockerfile';
import type { LineIndex } from './kit';

/** What the stats engine saw of one service (peaks over a window); an input, never guessed. */
export interface ServiceObservation {
  /** Highest memory use seen, bytes (the sum over the service's containers, per container below). */
  peakMemoryBytes: number;
  /** Highest CPU use seen, in cores (1.0 = one core) per container. */
  peakCpus?: number;
  /** How long the service was watched, in seconds, for the message ("in the last 42 min"). */
  windowSeconds: number;
  /** Containers running when the peak was taken (peaks are per container). */
  containers?: number;
}

export interface ComposeRuleOptions {
  /** Observed services by name; empty when nothing was watched (the CLI). */
  observations: ReadonlyMap<string, ServiceObservation>;
  /** Limit = peak × headroom, rounded up to a friendly size (`stevedore.compose.headroom`). */
  headroom: number;
  /**
   * The `.dockerignore` of a service's build: text, null when there is none, undefined when unknown
   * (text linted without a file). `context` is as written in the file, relative to the compose file.
   */
  dockerignore?(context: string, dockerfile: string | undefined): string | null | undefined;
}

/** One service as written: its name, key pair and mapping (merge keys `<<` seen through). */
export interface ServiceNode {
  name: string;
  pair: Pair;
  /** Undefined when the service is not a mapping (SDC1002 says so). */
  map?: YAMLMap;
}

export interface ComposeRuleContext {
  text: string;
  index: LineIndex;
  document: Document;
  /** The top-level mapping; undefined for an empty or non-mapping document. */
  root?: YAMLMap;
  services: readonly ServiceNode[];
  options: ComposeRuleOptions;
}

export interface ComposeRuleFinding {
  range: Range;
  message?: string;
  fix?: Fix;
}

export interface ComposeRule {
  code: string;
  source: 'stevedore';
  severity: Severity;
  summary: string;
  /** Markdown, shown on hover and on docs/rules/CODE.md. */
  explanation: string;
  offByDefault?: boolean;
  check(context: ComposeRuleContext): ComposeRuleFinding[];
}
