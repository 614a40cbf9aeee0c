// The compose engine's public types: compose text in, a document with positions and a resolved project
// out. No `vscode` import; positions are 0-based like LSP and VS Code (the Dockerfile engine's too).

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
/** Where something is in one file's text: offsets (UTF-16, end exclusive) and the same as lines/characters. */
export interface Span {
  start: number;
  end: number;
  range: Range;
}

export type ComposeSeverity = 'error' | 'warning' | 'info';

/**
 * A problem found while reading or resolving compose files. `code` is stable (the lint rules and tests
 * key on it): yaml-syntax, duplicate-key, tab-indent, alias-limit, too-large, too-deep, not-a-mapping,
 * interpolation, required-variable, unset-variable, file-not-found, extends, include, merge.
 */
export interface ComposeDiagnostic {
  code: string;
  severity: ComposeSeverity;
  message: string;
  /** Absolute path of the file it is about, when it is about a file (parse diagnostics always are). */
  file?: string;
  /** Where in that file; absent when the whole file is concerned (too large, not found). */
  span?: Span;
}

/** The Compose Specification's merge tags: `!reset` clears what earlier files set, `!override` replaces it. */
export type MergeTag = '!reset' | '!override';

/** A scalar as YAML read it (after YAML's own typing: `8080` is a number, `true` a boolean, `~` null). */
export type ComposeScalarValue = string | number | boolean | null;

/** One node of a parsed compose file, with where it is. Aliases are resolved to the node they name. */
export type ComposeNode = ComposeMapNode | ComposeSeqNode | ComposeScalarNode;

export interface ComposeMapNode {
  /** `!reset` / `!override` (compose-spec merge.md), as written on this node. */
  tag?: MergeTag;
  kind: 'map';
  span: Span;
  /** In file order; `<<` merge keys are expanded into entries with `merged: true` (explicit keys win). */
  entries: ComposeEntry[];
}
export interface ComposeEntry {
  key: string;
  keySpan: Span;
  value: ComposeNode;
  /** The key through the end of the value. */
  span: Span;
  /** Came from a `<<: *anchor` merge key: keySpan/value point at the anchor's text. */
  merged?: boolean;
}
export interface ComposeSeqNode {
  /** `!reset` / `!override` (compose-spec merge.md), as written on this node. */
  tag?: MergeTag;
  kind: 'seq';
  span: Span;
  items: ComposeNode[];
}
export interface ComposeScalarNode {
  /** `!reset` / `!override` (compose-spec merge.md), as written on this node. */
  tag?: MergeTag;
  kind: 'scalar';
  span: Span;
  value: ComposeScalarValue;
  /** How it was written: plain, quoted or a block scalar (| or >). */
  style: 'plain' | 'single-quoted' | 'double-quoted' | 'block';
}

/** One compose file's text, parsed. Never throws; problems are `diagnostics`. */
export interface ComposeDocument {
  /** Absolute path, when known (an unsaved editor buffer may have none). */
  file?: string;
  text: string;
  /** The top node; undefined when the text is empty or could not be parsed at all. */
  root?: ComposeNode;
  /** The same content as plain data (aliases and merge keys expanded, no interpolation). */
  value: unknown;
  diagnostics: ComposeDiagnostic[];
  /** Offset -> line/character. */
  positionAt(offset: number): Position;
  /** Line/character -> offset (clamped). */
  offsetAt(position: Position): number;
}

/** A service's resources with `deploy.resources` and the legacy keys (mem_limit, cpus, ...) folded together. */
export interface ServiceResources {
  memoryLimitBytes?: number;
  memoryReservationBytes?: number;
  cpuLimit?: number;
  cpuReservation?: number;
  /** pids limit from deploy.resources.limits.pids or pids_limit. */
  pidsLimit?: number;
  /** Which form declared them: `deploy`, `legacy`, or `both` (deploy wins where they disagree). */
  declaredIn: 'deploy' | 'legacy' | 'both' | 'none';
}

/** Where a resolved service (or one of its keys) was written, to map findings on the model back to text. */
export interface ServiceOrigin {
  /** The file that declared the service's own key under `services:` (for overrides, the last one). */
  file: string;
  /** Every file that contributed to it, in merge order (extends bases first). */
  files: string[];
}

export interface ResolvedService {
  name: string;
  /** The service's configuration after interpolation, overrides, extends and include, as plain data. */
  config: Record<string, unknown>;
  resources: ServiceResources;
  /** Replicas: deploy.replicas, else scale, else 1. */
  replicas: number;
  profiles: string[];
  origin: ServiceOrigin;
}

export interface ComposeProjectModel {
  /** The project name: option, COMPOSE_PROJECT_NAME, top-level `name:`, else the folder name normalised. */
  name: string;
  nameSource: 'option' | 'COMPOSE_PROJECT_NAME' | 'name' | 'folder';
  /** The project directory (the first compose file's folder unless given). */
  workingDir: string;
  /** Absolute paths of the files merged, in order (included files not listed; see `includedFiles`). */
  configFiles: string[];
  includedFiles: string[];
  /** Services enabled by the active profiles, in declaration order. */
  services: ResolvedService[];
  /** Services left out because none of their profiles is active. */
  disabledServices: ResolvedService[];
  /** The whole resolved model as plain data (what `docker compose config` prints, enabled services only). */
  model: Record<string, unknown>;
  /** The variables interpolation saw: .env/env_file values under the real environment. */
  variables: Record<string, string>;
  /** Parse and resolution problems across every file read; resolution goes on where it can. */
  diagnostics: ComposeDiagnostic[];
  /** Parsed documents by absolute path, for mapping model paths back to text (see `nodeAt`). */
  documents: Map<string, ComposeDocument>;
}

export interface ResolveOptions {
  /** Compose files, in order (absolute, or relative to `workingDir`/cwd). Empty: discovery as Compose does. */
  files?: string[];
  /** Project directory; default the first file's folder. */
  workingDir?: string;
  projectName?: string;
  /** The environment; default process.env. Wins over .env. */
  env?: Record<string, string | undefined>;
  /** --env-file: replaces <workingDir>/.env when given. */
  envFiles?: string[];
  /** Active profiles; default COMPOSE_PROFILES (comma-separated). `*` enables all. */
  profiles?: string[];
  /**
   * Text of files not (or not yet) on disk, by absolute path: the editor's unsaved buffers. Files not
   * here are read from disk with the size bound.
   */
  overlays?: Map<string, string>;
}
