// Diagnostics for compose files: linted on open and as you type, with the Dockerfile diagnostics'
// debounce and versioning (src/vscode/dockerfile/diagnostics.ts), and with what the Container stats
// view observed of each service (right-sizing: SDC2002's peak and window, SDC2003's over-sized limit).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { lintCompose, type ServiceObservation } from '../../compose';
import { dockerignoreCandidates, mergeConfig, type Finding, type LintConfig } from '../../dockerfile';
import { toDiagnostic } from '../dockerfile/diagnostics';
import { settingsLayer } from '../dockerfile/settings';
import type { FeatureHost, LiveService } from '../host';

/** compose*.y(a)ml and docker-compose*.y(a)ml (the engine's isComposeFileName) in YAML or Docker's compose language. */
const COMPOSE_NAME = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i;

export function isComposeDocument(document: vscode.TextDocument): boolean {
  if (document.languageId === 'dockercompose') return true;
  if (document.languageId !== 'yaml') return false;
  const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
  return COMPOSE_NAME.test(name);
}

export interface ComposeLintInputs {
  enabled: boolean;
  config: LintConfig;
  headroom: number;
  observations: Map<string, ServiceObservation>;
}

export interface LintedCompose {
  version: number | undefined;
  text: string;
  findings: Finding[];
  inputs: ComposeLintInputs;
}

/** The headroom setting, bounded to what makes sense (a limit below the peak is not right-sizing). */
export function headroomSetting(scope?: vscode.ConfigurationScope): number {
  const value = vscode.workspace.getConfiguration('stevedore.compose', scope).get<number>('headroom', 1.5);
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(10, Math.max(1, value)) : 1.5;
}

/**
 * The live services of this compose file: those the stats view resolved from this very file. Where
 * several projects run from it (a `-p` per test run), the one with the most running containers.
 */
export function liveServicesOf(uri: vscode.Uri, all: readonly LiveService[]): Map<string, LiveService> {
  const byName = new Map<string, LiveService>();
  if (uri.scheme !== 'file') return byName;
  const path = uri.fsPath;
  for (const live of all) {
    if (!live.composeFiles.includes(path)) continue;
    const other = byName.get(live.service);
    const longer = (live.peak?.windowSeconds ?? 0) > (other?.peak?.windowSeconds ?? 0);
    const better = !other || live.running > other.running || (live.running === other.running && longer);
    if (better) byName.set(live.service, live);
  }
  return byName;
}

/** A live service's peaks as the lint engine's observation (peaks per container; CPU in cores). */
export function observationOf(live: LiveService): ServiceObservation | undefined {
  if (!live.peak || live.peak.memoryBytes <= 0) return undefined;
  return {
    peakMemoryBytes: live.peak.memoryBytes,
    peakCpus: live.peak.cpuPercent / 100,
    windowSeconds: live.peak.windowSeconds,
    containers: live.running,
  };
}

export class ComposeDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('stevedore-compose');
  private readonly linted = new Map<string, LintedCompose>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly dockerignores = new Map<string, string | null>();
  private readonly reportedRuleErrors = new Set<string>();

  constructor(private readonly host: FeatureHost) {}

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.collection.dispose();
  }

  /** Lint soon: after the user has paused typing for `stevedore.lint.debounceMs`. */
  schedule(document: vscode.TextDocument, delayMs?: number): void {
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    const delay = delayMs ?? vscode.workspace.getConfiguration('stevedore.lint', document.uri).get<number>('debounceMs', 150);
    const version = document.version;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      // A newer edit has its own timer; a closed document needs nothing.
      if (document.isClosed || document.version !== version) return;
      this.lintDocument(document);
    }, Math.max(0, delay)));
  }

  lintDocument(document: vscode.TextDocument): LintedCompose {
    const result = this.lintText(document.uri, document.getText(), document.version);
    if (!document.isClosed && document.version === result.version) this.publish(document.uri, result);
    return result;
  }

  /** The findings of the document as it is now (cached per version and observations). */
  findingsOf(document: vscode.TextDocument): LintedCompose {
    const cached = this.linted.get(document.uri.toString());
    if (cached && cached.version === document.version && cached.text === document.getText()) return cached;
    return this.lintDocument(document);
  }

  inputsFor(uri: vscode.Uri): ComposeLintInputs {
    const settings = vscode.workspace.getConfiguration('stevedore.lint', uri);
    const { layer } = settingsLayer(uri);
    const observations = new Map<string, ServiceObservation>();
    for (const [name, live] of liveServicesOf(uri, this.host.liveServices.services())) {
      const observation = observationOf(live);
      if (observation) observations.set(name, observation);
    }
    return {
      enabled: settings.get<boolean>('enable', true) !== false,
      config: mergeConfig(undefined, layer),
      headroom: headroomSetting(uri),
      observations,
    };
  }

  lintText(uri: vscode.Uri, text: string, version: number | undefined): LintedCompose {
    const inputs = this.inputsFor(uri);
    if (!inputs.enabled) return { version, text, findings: [], inputs };
    const folder = uri.scheme === 'file' ? dirname(uri.fsPath) : undefined;
    const result = lintCompose(text, {
      config: inputs.config,
      headroom: inputs.headroom,
      observations: inputs.observations,
      dockerignore: folder ? (context, dockerfile) => this.dockerignoreOf(folder, context, dockerfile) : undefined,
    });
    for (const problem of result.ruleErrors ?? []) {
      if (this.reportedRuleErrors.has(problem)) continue;
      this.reportedRuleErrors.add(problem);
      this.host.log.error(`A compose lint rule failed on ${uri.toString(true)} (its findings are missing): ${problem}`);
    }
    return { version, text, findings: result.findings, inputs };
  }

  publish(uri: vscode.Uri, result: LintedCompose): void {
    this.linted.set(uri.toString(), result);
    this.collection.set(uri, result.findings.map(toDiagnostic));
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.linted.delete(key);
    this.collection.delete(uri);
  }

  /** Settings, a .dockerignore or the observations changed: lint every open compose file again. */
  relintAll(dropFiles = false): void {
    if (dropFiles) this.dockerignores.clear();
    for (const document of vscode.workspace.textDocuments) {
      if (isComposeDocument(document)) this.schedule(document, 0);
    }
  }

  /**
   * The observations changed: lint again only where they change what a finding says (a new peak, a
   * service seen for the first time), not every second.
   */
  relintObserved(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (!isComposeDocument(document)) continue;
      const cached = this.linted.get(document.uri.toString());
      if (!cached) continue;
      const now = this.inputsFor(document.uri).observations;
      if (sameObservations(cached.inputs.observations, now)) continue;
      this.schedule(document, 0);
    }
  }

  /** Where the Dockerfile rule SD3008 looks: `<Dockerfile>.dockerignore`, then `.dockerignore` in the context. */
  private dockerignoreOf(folder: string, context: string, dockerfile: string | undefined): string | null {
    const root = isAbsolute(context) ? context : join(folder, context);
    const path = dockerfile ? (isAbsolute(dockerfile) ? dockerfile : join(root, dockerfile)) : join(root, 'Dockerfile');
    const key = `${root}\u0000${path}`;
    if (!this.dockerignores.has(key)) {
      let text: string | null = null;
      for (const candidate of [...dockerignoreCandidates(path), join(root, '.dockerignore')]) {
        try {
          text = readFileSync(candidate, 'utf8');
          break;
        } catch {
          // Not there: try the next place.
        }
      }
      this.dockerignores.set(key, text);
    }
    return this.dockerignores.get(key) ?? null;
  }
}

/**
 * Observations that say the same in a message: sizes to the friendly MiB the message prints, the window
 * to the minute. Anything finer would re-publish the diagnostics every second.
 */
function sameObservations(
  a: ReadonlyMap<string, ServiceObservation>, b: ReadonlyMap<string, ServiceObservation>,
): boolean {
  if (a.size !== b.size) return false;
  const MiB = 1024 * 1024;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y) return false;
    if (Math.round(x.peakMemoryBytes / MiB * 10) !== Math.round(y.peakMemoryBytes / MiB * 10)) return false;
    if (Math.round((x.peakCpus ?? 0) * 1000) !== Math.round((y.peakCpus ?? 0) * 1000)) return false;
    if (Math.round(x.windowSeconds / 60) !== Math.round(y.windowSeconds / 60)) return false;
  }
  return true;
}
