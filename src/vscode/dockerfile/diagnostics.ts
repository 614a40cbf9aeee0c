// Diagnostics for Dockerfiles: linted on open and as you type (debounced, off the keystroke),
// results kept per document version so quick fixes and hovers read the same findings the
// Problems panel shows.
import * as vscode from 'vscode';
import { lint, shellcheckFindings, type Finding, type Severity, type ShellcheckResult } from '../../dockerfile';
import type { FeatureHost } from '../host';
import { LintInputCache, type LintInputs } from './settings';

/**
 * error and warning map one to one; info and style both show as Information, because Hint
 * diagnostics never reach the Problems panel and style findings are still worth listing there.
 */
export const DIAGNOSTIC_SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  style: vscode.DiagnosticSeverity.Information,
};

export const FINDING_SOURCES: ReadonlySet<string> = new Set(['hadolint', 'buildkit', 'stevedore', 'shellcheck']);

/** ShellCheck processes at once: "Lint workspace" over hundreds of files must not start hundreds. */
const SHELLCHECK_PARALLEL = 2;

export interface LintedText {
  version: number | undefined;
  text: string;
  findings: Finding[];
  inputs: LintInputs;
}

export function toRange(range: Finding['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

const TWIN_SEPARATOR = ' / ';

export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    toRange(finding.range), finding.message, DIAGNOSTIC_SEVERITY[finding.severity],
  );
  diagnostic.source = finding.source;
  // A problem hadolint and BuildKit both report names both rules: `DL3025 / JSONArgsRecommended`.
  const code = finding.twin ? `${finding.code}${TWIN_SEPARATOR}${finding.twin}` : finding.code;
  diagnostic.code = finding.docUrl ? { value: code, target: vscode.Uri.parse(finding.docUrl) } : code;
  return diagnostic;
}

/** How a diagnostic (possibly a copy VS Code hands back) is matched to its finding. */
export function findingKey(code: string, range: vscode.Range, message: string): string {
  return `${code}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${message}`;
}

/** The finding's own code: the part before ` / ` where the diagnostic names a twin too. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  const value = typeof code === 'object' ? String(code.value) : String(code);
  return value.split(TWIN_SEPARATOR)[0];
}

export class DockerfileDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('stevedore');
  /** Problems with .hadolint.yaml files, shown on those files. */
  private readonly configProblems = vscode.languages.createDiagnosticCollection('stevedore-config');
  readonly inputs = new LintInputCache();
  private readonly linted = new Map<string, LintedText>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly warnedProblems = new Set<string>();
  private readonly reportedRuleErrors = new Set<string>();
  /** Files published by "Lint workspace Dockerfiles": their diagnostics stay after their editor closes. */
  readonly workspaceFiles = new Set<string>();
  /** The ShellCheck run of each document, cancelled when the document changes again. */
  private readonly shellchecks = new Map<string, AbortController>();
  private shellchecksRunning = 0;
  private readonly shellchecksWaiting: Array<() => void> = [];
  private readonly reportedShellcheckProblems = new Set<string>();

  constructor(private readonly host: FeatureHost) {}

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.shellchecks.values()) controller.abort();
    this.shellchecks.clear();
    this.collection.dispose();
    this.configProblems.dispose();
  }

  /** Lint soon: after the user has paused typing for `stevedore.lint.debounceMs`. */
  schedule(document: vscode.TextDocument, delayMs?: number): void {
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    // ShellCheck on the previous text is stale now.
    this.shellchecks.get(key)?.abort();
    const delay = delayMs ?? vscode.workspace.getConfiguration('stevedore.lint', document.uri).get<number>('debounceMs', 150);
    const version = document.version;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        // A newer edit has its own timer; a closed document needs nothing.
        if (document.isClosed || document.version !== version) return;
        this.lintDocument(document);
      }, Math.max(0, delay)),
    );
  }

  /** Lint now and publish; returns what was published. */
  lintDocument(document: vscode.TextDocument): LintedText {
    const result = this.lintText(document.uri, document.getText(), document.version);
    // lint() is synchronous today; the check keeps a slower future engine from publishing stale results.
    if (!document.isClosed && document.version === result.version) this.publish(document.uri, result);
    return result;
  }

  /** The findings of the document as it is now (cached per version). */
  findingsOf(document: vscode.TextDocument): LintedText {
    const cached = this.linted.get(document.uri.toString());
    if (cached && cached.version === document.version && cached.text === document.getText()) return cached;
    return this.lintDocument(document);
  }

  lintText(uri: vscode.Uri, text: string, version: number | undefined): LintedText {
    const inputs = this.inputs.inputsFor(uri);
    this.reportConfigProblem(inputs);
    if (!inputs.enabled) return { version, text, findings: [], inputs };
    const result = lint(text, { config: inputs.config, dockerignore: inputs.dockerignore });
    for (const problem of result.ruleErrors ?? []) {
      if (this.reportedRuleErrors.has(problem)) continue;
      this.reportedRuleErrors.add(problem);
      this.host.log.error(`A lint rule failed on ${uri.toString(true)} (its findings are missing): ${problem}`);
    }
    return { version, text, findings: result.findings, inputs };
  }

  publish(uri: vscode.Uri, result: LintedText): void {
    this.linted.set(uri.toString(), result);
    this.collection.set(uri, result.findings.map(toDiagnostic));
    this.checkShells(uri, result);
  }

  /**
   * ShellCheck inside RUN, off the typing path: the rules' findings are already shown; ShellCheck's
   * join them when its process answers, unless the document changed meanwhile (then it is cancelled).
   */
  private checkShells(uri: vscode.Uri, result: LintedText): void {
    const key = uri.toString();
    this.shellchecks.get(key)?.abort();
    this.shellchecks.delete(key);
    const { mode, executable } = result.inputs.shellcheck;
    if (!result.inputs.enabled || mode === 'off') return;
    const controller = new AbortController();
    this.shellchecks.set(key, controller);
    const options = { config: result.inputs.config, executable, signal: controller.signal };
    void this.oneOfFew(() => shellcheckFindings(result.text, options)).then((answer) => {
      if (this.shellchecks.get(key) === controller) this.shellchecks.delete(key);
      if (controller.signal.aborted || this.linted.get(key) !== result) return;
      if (answer.problem) {
        this.reportShellcheckProblem(answer.problem, mode, executable !== undefined);
        return;
      }
      if (answer.findings.length === 0) return;
      const merged: LintedText = { ...result, findings: [...result.findings, ...answer.findings].sort(byPosition) };
      this.linted.set(key, merged);
      this.collection.set(uri, merged.findings.map(toDiagnostic));
    });
  }

  /** Runs `task` when fewer than SHELLCHECK_PARALLEL are running. */
  private async oneOfFew<T>(task: () => Promise<T>): Promise<T> {
    if (this.shellchecksRunning >= SHELLCHECK_PARALLEL) {
      await new Promise<void>((resolve) => this.shellchecksWaiting.push(resolve));
    }
    this.shellchecksRunning++;
    try {
      return await task();
    } finally {
      this.shellchecksRunning--;
      this.shellchecksWaiting.shift()?.();
    }
  }

  /** Once per problem: `auto` without ShellCheck only logs; `on` (or a path that does not work) warns. */
  private reportShellcheckProblem(problem: NonNullable<ShellcheckResult['problem']>, mode: string, pathGiven: boolean): void {
    if (problem.kind === 'cancelled' || this.reportedShellcheckProblems.has(problem.message)) return;
    this.reportedShellcheckProblems.add(problem.message);
    if (problem.kind === 'missing' && mode === 'auto' && !pathGiven) {
      this.host.log.info(`${problem.message}. ShellCheck findings (SC codes) are off until then.`);
      return;
    }
    this.host.log.warn(problem.message);
    const settings = 'Open settings';
    void vscode.window.showWarningMessage(`Stevedore: ${problem.message}`, settings).then((choice) => {
      if (choice === settings) void vscode.commands.executeCommand('workbench.action.openSettings', 'stevedore.lint.shellcheck');
    });
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.shellchecks.get(key)?.abort();
    this.shellchecks.delete(key);
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.linted.delete(key);
    this.collection.delete(uri);
  }

  /** A malformed .hadolint.yaml: a diagnostic on that file, one warning, and linting goes on with the defaults. */
  private reportConfigProblem(inputs: LintInputs): void {
    if (!inputs.configFile) return;
    const file = vscode.Uri.file(inputs.configFile);
    if (!inputs.configProblem) {
      this.configProblems.delete(file);
      return;
    }
    const message = `${inputs.configProblem} Stevedore is linting Dockerfiles with the default configuration until this is fixed.`;
    const position = /line (\d+), column (\d+)/i.exec(inputs.configProblem);
    const line = position ? Math.max(0, Number(position[1]) - 1) : 0;
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), message, vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'stevedore';
    this.configProblems.set(file, [diagnostic]);
    const key = `${inputs.configFile}\u0000${inputs.configProblem}`;
    if (this.warnedProblems.has(key)) return;
    this.warnedProblems.add(key);
    this.host.log.warn(message);
    void vscode.window.showWarningMessage(`Stevedore: ${message}`, 'Open file').then((choice) => {
      if (choice) void vscode.window.showTextDocument(file);
    });
  }

  /** Configuration changed: drop the cached files and lint everything shown again. */
  relintAll(): void {
    this.inputs.clear();
    this.reportedShellcheckProblems.clear();
    // A deleted or replaced .hadolint.yaml must not keep its old problem; re-linting reports current ones.
    this.configProblems.clear();
    for (const document of vscode.workspace.textDocuments) {
      if (document.languageId === 'dockerfile') this.schedule(document, 0);
    }
    void this.relintWorkspaceFiles();
  }

  private async relintWorkspaceFiles(): Promise<void> {
    const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    for (const key of this.workspaceFiles) {
      if (open.has(key)) continue;
      await this.lintFileOnDisk(vscode.Uri.parse(key));
    }
  }

  /** Lint a file that may not be open (the workspace command, a closed file's last saved text). */
  async lintFileOnDisk(uri: vscode.Uri): Promise<LintedText | undefined> {
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open) return this.lintDocument(open);
    let text: string;
    try {
      text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.forget(uri);
      this.workspaceFiles.delete(uri.toString());
      return undefined;
    }
    const result = this.lintText(uri, text, undefined);
    this.publish(uri, result);
    return result;
  }
}

export function byPosition(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}
