// The Dockerfile engine's public face: lint(), the rules, the configuration. No `vscode` import.
export * from './types';
export type { Rule, RuleContext, RuleFinding, Stage, ShellCommand, ParsedShell, RuleConfig } from './rule';
export { DEFAULT_CONFIG, parseHadolintConfig, findHadolintConfig, mergeConfig } from './config';
export type { LintConfig } from './config';
export { lint, allRules, ruleByCode, docUrl, tooLargeFinding, MAX_DOCKERFILE_LENGTH } from './engine';
export type { LintOptions, LintResult } from './engine';
export { dockerignoreCandidates } from './dockerignore';
export { fixUntilStable, ignoreForLineFix, ignoreInFileFix, minimalEdit, skipCheckFix } from './fixes';
export type { FixRun } from './fixes';
export { TWINS } from './twins';
export { shellcheckFindings, shellcheckFindingsOfTexts, SHELLCHECK_INSTALL_HINT } from './shellcheck';
export type { ShellcheckOptions, ShellcheckResult } from './shellcheck';
export { failsThreshold, findingLine } from './report';
export type { FailureThreshold, LinePaint } from './report';
