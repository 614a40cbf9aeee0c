// What a Dockerfile is linted with in the editor: `.hadolint.yaml` (found like the CLI finds it,
// from the Dockerfile's folder up), the `stevedore.lint.*` settings on top, and the .dockerignore
// beside the Dockerfile. Read once and cached; the caches are dropped when those files change.
//
// Precedence, lowest to highest: rule defaults < .hadolint.yaml < settings (user < workspace <
// folder, as VS Code resolves them) < the file's own pragmas, which can only silence.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import {
  dockerignoreCandidates,
  findHadolintConfig,
  mergeConfig,
  parseHadolintConfig,
  SEVERITIES,
  type LintConfig,
  type Severity,
} from '../../dockerfile';

export type ShellcheckMode = 'auto' | 'on' | 'off';

export interface LintInputs {
  enabled: boolean;
  /** ShellCheck inside RUN: `stevedore.lint.shellcheck` and `stevedore.lint.shellcheckPath`. */
  shellcheck: { mode: ShellcheckMode; executable?: string };
  config: LintConfig;
  /** .dockerignore text, null when the context has none, undefined when the document has no folder. */
  dockerignore: string | null | undefined;
  /** The .hadolint.yaml used (or that failed to load). */
  configFile?: string;
  /** Why that file was not used, naming it; linting then uses the defaults plus settings. */
  configProblem?: string;
}

type SeverityOverride = Severity | 'off';

/** The settings layer: ignored codes, per-code severities ('off' = ignored), rules they switch on. */
export function settingsLayer(
  scope: vscode.ConfigurationScope | undefined,
): { layer: Partial<LintConfig>; reEnabled: string[] } {
  const settings = vscode.workspace.getConfiguration('stevedore.lint', scope);
  const ignored = settings.get<unknown[]>('ignoredCodes', []).filter((code): code is string => typeof code === 'string').map((code) => code.trim());
  const overrides: Partial<Record<Severity, string[]>> = {};
  const reEnabled: string[] = [];
  const raw = settings.get<Record<string, unknown>>('severityOverrides', {}) ?? {};
  for (const [code, value] of Object.entries(raw)) {
    const level = typeof value === 'string' ? (value.toLowerCase() as SeverityOverride) : undefined;
    if (level === 'off') ignored.push(code);
    else if (level && (SEVERITIES as readonly string[]).includes(level)) {
      (overrides[level] ??= []).push(code);
      reEnabled.push(code);
    }
  }
  // A severity set here also switches on an off-by-default rule (DL3057, DL1001).
  return { layer: { ignored, overrides, enabled: [...reEnabled] }, reEnabled };
}

/**
 * The ShellCheck settings. The path names a program to run, so in Restricted mode only the user's own
 * value counts, never the workspace's (it is a restricted setting in package.json too).
 */
function shellcheckSettings(settings: vscode.WorkspaceConfiguration): LintInputs['shellcheck'] {
  const raw = settings.get<string>('shellcheck', 'auto');
  const mode: ShellcheckMode = raw === 'on' || raw === 'off' ? raw : 'auto';
  const path = vscode.workspace.isTrusted
    ? settings.get<string>('shellcheckPath', '')
    : settings.inspect<string>('shellcheckPath')?.globalValue ?? '';
  const executable = typeof path === 'string' && path.trim() ? path.trim() : undefined;
  return { mode, executable };
}

interface LoadedConfig {
  config?: Partial<LintConfig>;
  problem?: string;
}

export class LintInputCache {
  private readonly configFileByFolder = new Map<string, string | undefined>();
  private readonly loadedConfigs = new Map<string, LoadedConfig>();
  private readonly dockerignores = new Map<string, string | null>();

  /** Forget every file read: called when a .hadolint.yaml or .dockerignore changes. */
  clear(): void {
    this.configFileByFolder.clear();
    this.loadedConfigs.clear();
    this.dockerignores.clear();
  }

  inputsFor(uri: vscode.Uri): LintInputs {
    const settings = vscode.workspace.getConfiguration('stevedore.lint', uri);
    const enabled = settings.get<boolean>('enable', true) !== false;
    const folder = this.folderOf(uri);
    const configFile = folder === undefined ? undefined : this.configFileIn(folder);
    const loaded = configFile ? this.load(configFile) : {};
    const { layer, reEnabled } = settingsLayer(uri);
    const config = mergeConfig(loaded.config, layer);
    // Settings win over `ignored` in .hadolint.yaml for the codes they give a severity.
    const back = new Set(reEnabled.map((code) => code.toUpperCase()));
    config.ignored = config.ignored.filter((code) => !back.has(code.toUpperCase()) || layer.ignored?.includes(code));
    const dockerignore = uri.scheme === 'file' ? this.dockerignoreFor(uri.fsPath) : undefined;
    const shellcheck = shellcheckSettings(settings);
    return { enabled, shellcheck, config, dockerignore, configFile, configProblem: loaded.problem };
  }

  /** The folder to look for .hadolint.yaml from: the Dockerfile's own, or the workspace's for untitled files. */
  private folderOf(uri: vscode.Uri): string | undefined {
    if (uri.scheme === 'file') return dirname(uri.fsPath);
    const workspace = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
    return workspace?.uri.scheme === 'file' ? workspace.uri.fsPath : undefined;
  }

  private configFileIn(folder: string): string | undefined {
    if (!this.configFileByFolder.has(folder)) this.configFileByFolder.set(folder, findHadolintConfig(folder));
    return this.configFileByFolder.get(folder);
  }

  private load(file: string): LoadedConfig {
    let loaded = this.loadedConfigs.get(file);
    if (!loaded) {
      try {
        loaded = { config: parseHadolintConfig(readFileSync(file, 'utf8'), file) };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        loaded = { problem: reason.includes(file) ? reason : `${file}: ${reason}` };
      }
      this.loadedConfigs.set(file, loaded);
    }
    return loaded;
  }

  private dockerignoreFor(dockerfilePath: string): string | null {
    if (!this.dockerignores.has(dockerfilePath)) {
      let text: string | null = null;
      for (const candidate of dockerignoreCandidates(dockerfilePath)) {
        try {
          text = readFileSync(candidate, 'utf8');
          break;
        } catch {
          // Not there: try the next place.
        }
      }
      this.dockerignores.set(dockerfilePath, text);
    }
    return this.dockerignores.get(dockerfilePath) ?? null;
  }
}
