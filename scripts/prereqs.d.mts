// Types for scripts/prereqs.mjs (plain JavaScript so it runs before node_modules is complete),
// for the tests that import it.

/** What the module looks things up with and acts through; `machine()` is the real one. */
export interface Machine {
  platform: string;
  uid: number | undefined;
  command(name: string): string | undefined;
  file(path: string): boolean;
  staticBusybox(): boolean;
  composePlugin(): boolean;
  chromium(): string | undefined;
  osRelease(): string;
  currentContext(): string | undefined;
  run(file: string, args: string[], options?: { logFile?: string; env?: Record<string, string> }): { status: number; output: string };
  startDaemon(file: string, args: string[], logFile: string): Daemon;
  engineVersion(target: EngineTarget): Promise<EngineState>;
  sleep(ms: number): Promise<void>;
  now(): number;
  tempDir(): string;
  readLogTail(logFile: string, lines?: number): string;
}

export interface Daemon {
  pid: number | undefined;
  exited: Promise<unknown>;
  hasExited(): boolean;
  kill(signal: NodeJS.Signals): void;
}

export type EngineTarget =
  | { kind: 'unix'; socket: string; url: string; custom?: boolean }
  | { kind: 'remote' | 'context'; url: string };

export type EngineState = { state: 'up'; version: string } | { state: 'down' | 'denied'; reason: string };

export interface Requirement {
  what: string;
  apt: string[];
  brew?: string;
  macos?: string;
  for: string[];
  engine?: boolean;
  present(m: Machine): unknown;
}

export interface Prerequisites {
  missing: Requirement[];
  unavailable: string[];
  engine: EngineState | undefined;
  startedEngine: { pid: number | undefined; logFile: string } | undefined;
  release(): Promise<void>;
}

export interface PrepareOptions {
  needs?: string[];
  purpose?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  machine?: Machine;
  startEngine?: boolean;
  dockerdArgs?: string[];
}

export const PURPOSES: Record<'start' | 'test', string[]>;
export const REQUIREMENTS: Requirement[];
export function expandNeeds(needs: string[]): Set<string>;
export function requirementsFor(needs: string[]): Requirement[];
export function isStaticElf(path: string): boolean;
export function machine(env?: NodeJS.ProcessEnv): Machine;
export function engineTarget(env: NodeJS.ProcessEnv, m: Machine): EngineTarget;
export function platformKind(m: Machine): 'apt' | 'linux' | 'macos' | 'windows' | 'other';
export function manualSteps(kind: string, rows: Requirement[], options?: { engineDown?: boolean }): string[];
export function unavailablePackages(output: string): string[];
export function preparePrerequisites(options?: PrepareOptions): Promise<Prerequisites>;
export function releaseOnSignals(release: () => Promise<void>, options?: { before?: () => void; exitCode?: number }): void;
