// The Dockerfile engine's public types: text in, findings and fixes out. No `vscode` import;
// positions are 0-based like LSP and VS Code, and the CLI adds 1 where hadolint's formats want it.

export type Severity = 'error' | 'warning' | 'info' | 'style';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'style'];

/** Where a rule comes from: its codes and names are the ones users already know there. */
export type RuleSource = 'hadolint' | 'buildkit' | 'stevedore';
/** Where a finding comes from: a rule, or ShellCheck run on a RUN script (SC codes). */
export type FindingSource = RuleSource | 'shellcheck';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
/** A fix is offered only where it is safe: the Dockerfile still builds and means the same. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  /** `DL3008`, `JSONArgsRecommended`, `SD1001`, ... */
  code: string;
  source: FindingSource;
  severity: Severity;
  message: string;
  range: Range;
  /** Link to the rule's page, docs/rules/CODE.md. */
  docUrl: string;
  /**
   * The other rule this finding stands for as well, where a hadolint rule and a BuildKit check both
   * report the problem (`JSONArgsRecommended` on a DL3025 finding, or `DL3025` on a JSONArgsRecommended
   * one when BuildKit's names are preferred). The editor names both.
   */
  twin?: string;
  fix?: Fix;
}
