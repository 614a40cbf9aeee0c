// hadolint's configuration (`.hadolint.yaml`) read, found and merged, so users' files keep working.
//
// Precedence (mergeConfig, later layers win): DEFAULT_CONFIG < the .hadolint.yaml found (or given
// with --config) < `stevedore.lint.*` settings / CLI flags. Scalars (strict-labels, failure-threshold,
// no-fail, disable-ignore-pragma, format) are replaced by a later layer that sets them; lists
// (ignored, trustedRegistries, enabled) are unioned, as hadolint concatenates them; `override`
// moves a code to the level of the latest layer naming it; `label-schema` is merged key by key.
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SEVERITIES, type Severity } from './types';

export interface LintConfig {
  /** Codes never reported. */
  ignored: string[];
  /** Severity per code, replacing the rule's own. */
  overrides: Partial<Record<Severity, string[]>>;
  /** Registries FROM may pull from (DL3026); empty: any. */
  trustedRegistries: string[];
  /** label name -> type (`text`, `url`, `spdx`, `hash`, `rfc3339`, `semver`, `email`). */
  labelSchema: Record<string, string>;
  strictLabels: boolean;
  /** Ignore `# hadolint ignore=` and `# hadolint global ignore=` pragmas. */
  disableIgnorePragma: boolean;
  /** Findings below this level do not fail `stevedore lint`; 'none' never fails. */
  failureThreshold: Severity | 'none';
  noFail: boolean;
  format?: string;
  /** Off-by-default rules switched on (DL3057, DL1001). */
  enabled: string[];
}

export const DEFAULT_CONFIG: LintConfig = Object.freeze({
  ignored: [],
  overrides: {},
  trustedRegistries: [],
  labelSchema: {},
  strictLabels: false,
  disableIgnorePragma: false,
  failureThreshold: 'info',
  noFail: false,
  enabled: [],
}) as LintConfig;

const THRESHOLDS = ['error', 'warning', 'info', 'style', 'ignore', 'none'];
const KNOWN_KEYS = [
  'ignored',
  'override',
  'trustedRegistries',
  'trusted-registries',
  'label-schema',
  'strict-labels',
  'failure-threshold',
  'disable-ignore-pragma',
  'no-fail',
  'no-color',
  'verbose',
  'format',
  'output-format',
  'enabled',
];

/** Reads a `.hadolint.yaml` text. Throws an Error naming the file and the bad key on invalid input. */
export function parseHadolintConfig(yamlText: string, fileName = '.hadolint.yaml'): Partial<LintConfig> {
  let document: unknown;
  try {
    document = parseYaml(yamlText);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`${fileName} is not valid YAML: ${reason}. Fix the file or remove it.`);
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new Error(`${fileName} must be a mapping of hadolint options (ignored, override, trustedRegistries, ...).`);
  }
  const source = document as Record<string, unknown>;
  const bad = (key: string, expected: string): Error =>
    new Error(`${fileName}: '${key}' must be ${expected}, found ${JSON.stringify(source[key])}.`);
  const stringList = (key: string): string[] | undefined => {
    const value = source[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' && typeof item !== 'number')) {
      throw bad(key, 'a list of strings');
    }
    return value.map(String);
  };
  const flag = (key: string): boolean | undefined => {
    const value = source[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw bad(key, 'true or false');
    return value;
  };

  const config: Partial<LintConfig> = {};
  for (const key of Object.keys(source)) {
    if (!KNOWN_KEYS.includes(key)) {
      throw new Error(`${fileName}: unknown key '${key}'. Known keys: ${KNOWN_KEYS.join(', ')}.`);
    }
  }
  const ignored = stringList('ignored');
  if (ignored) config.ignored = ignored;
  const trusted = [...(stringList('trustedRegistries') ?? []), ...(stringList('trusted-registries') ?? [])];
  if ('trustedRegistries' in source || 'trusted-registries' in source) config.trustedRegistries = trusted;
  const enabled = stringList('enabled');
  if (enabled) config.enabled = enabled;

  const override = source.override;
  if (override !== undefined && override !== null) {
    if (typeof override !== 'object' || Array.isArray(override)) throw bad('override', 'a mapping of error/warning/info/style lists');
    const overrides: Partial<Record<Severity, string[]>> = {};
    for (const [level, codes] of Object.entries(override as Record<string, unknown>)) {
      if (!(SEVERITIES as readonly string[]).includes(level)) {
        throw new Error(`${fileName}: 'override.${level}' is not a level; use error, warning, info or style.`);
      }
      if (codes === null || codes === undefined) continue;
      if (!Array.isArray(codes) || codes.some((code) => typeof code !== 'string')) {
        throw new Error(`${fileName}: 'override.${level}' must be a list of rule codes.`);
      }
      overrides[level as Severity] = codes as string[];
    }
    config.overrides = overrides;
  }

  const schema = source['label-schema'];
  if (schema !== undefined && schema !== null) {
    if (typeof schema !== 'object' || Array.isArray(schema)) throw bad('label-schema', 'a mapping of label name to type');
    const labelSchema: Record<string, string> = {};
    for (const [label, type] of Object.entries(schema as Record<string, unknown>)) {
      if (typeof type !== 'string') throw new Error(`${fileName}: 'label-schema.${label}' must be a type name (text, url, spdx, hash, rfc3339, semver, email).`);
      labelSchema[label] = type;
    }
    config.labelSchema = labelSchema;
  }

  const strict = flag('strict-labels');
  if (strict !== undefined) config.strictLabels = strict;
  const disable = flag('disable-ignore-pragma');
  if (disable !== undefined) config.disableIgnorePragma = disable;
  const noFail = flag('no-fail');
  if (noFail !== undefined) config.noFail = noFail;
  flag('no-color');
  flag('verbose');

  const threshold = source['failure-threshold'];
  if (threshold !== undefined && threshold !== null) {
    if (typeof threshold !== 'string' || !THRESHOLDS.includes(threshold)) {
      throw bad('failure-threshold', `one of ${THRESHOLDS.join(', ')}`);
    }
    config.failureThreshold = threshold === 'ignore' ? 'none' : (threshold as Severity | 'none');
  }
  const format = source.format ?? source['output-format'];
  if (format !== undefined && format !== null) {
    if (typeof format !== 'string') throw bad('format' in source ? 'format' : 'output-format', 'a format name');
    config.format = format;
  }
  return config;
}

/**
 * hadolint's search order (src/Hadolint/Config/Configfile.hs): the project folder's
 * .hadolint.yaml / .hadolint.yml, then $XDG_CONFIG_HOME (default ~/.config)/hadolint.{yaml,yml},
 * then ~/.hadolint/{hadolint,config}.{yaml,yml}, then ~/.hadolint.{yaml,yml}. hadolint looks only
 * in the current directory; we also walk up from startDir to the filesystem root, nearest first,
 * so a Dockerfile in a sub-folder finds its project's file.
 */
export function findHadolintConfig(startDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const hidden = ['.hadolint.yaml', '.hadolint.yml'];
  const candidates: string[] = [];
  let dir = resolve(startDir);
  for (;;) {
    for (const name of hidden) candidates.push(join(dir, name));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const home = env.HOME || env.USERPROFILE || homedir();
  const xdg = env.XDG_CONFIG_HOME || join(home, '.config');
  for (const name of ['hadolint.yaml', 'hadolint.yml']) candidates.push(join(xdg, name));
  for (const name of ['hadolint.yaml', 'hadolint.yml', 'config.yaml', 'config.yml']) candidates.push(join(home, '.hadolint', name));
  for (const name of hidden) candidates.push(join(home, name));
  return candidates.find((file) => {
    try {
      return existsSync(file) && statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** Merges configuration layers, later wins (see the precedence at the top of this file). */
export function mergeConfig(...layers: Array<Partial<LintConfig> | undefined>): LintConfig {
  const merged: LintConfig = {
    ignored: [],
    overrides: {},
    trustedRegistries: [],
    labelSchema: {},
    strictLabels: DEFAULT_CONFIG.strictLabels,
    disableIgnorePragma: DEFAULT_CONFIG.disableIgnorePragma,
    failureThreshold: DEFAULT_CONFIG.failureThreshold,
    noFail: DEFAULT_CONFIG.noFail,
    enabled: [],
  };
  const union = (into: string[], more: string[] | undefined): void => {
    for (const item of more ?? []) if (!into.includes(item)) into.push(item);
  };
  for (const layer of [DEFAULT_CONFIG, ...layers]) {
    if (!layer) continue;
    union(merged.ignored, layer.ignored);
    union(merged.trustedRegistries, layer.trustedRegistries);
    union(merged.enabled, layer.enabled);
    if (layer.overrides) {
      for (const level of SEVERITIES) {
        const codes = layer.overrides[level];
        if (!codes) continue;
        for (const other of SEVERITIES) {
          const list = merged.overrides[other];
          if (list) merged.overrides[other] = list.filter((code) => !codes.includes(code));
        }
        merged.overrides[level] = [...(merged.overrides[level] ?? []), ...codes];
      }
    }
    if (layer.labelSchema) Object.assign(merged.labelSchema, layer.labelSchema);
    if (layer.strictLabels !== undefined) merged.strictLabels = layer.strictLabels;
    if (layer.disableIgnorePragma !== undefined) merged.disableIgnorePragma = layer.disableIgnorePragma;
    if (layer.failureThreshold !== undefined) merged.failureThreshold = layer.failureThreshold;
    if (layer.noFail !== undefined) merged.noFail = layer.noFail;
    if (layer.format !== undefined) merged.format = layer.format;
  }
  return merged;
}

/** The severity a finding gets after `override`. */
export function overriddenSeverity(config: LintConfig, code: string, severity: Severity): Severity {
  for (const level of SEVERITIES) if (config.overrides[level]?.includes(code)) return level;
  return severity;
}
