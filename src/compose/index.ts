// The compose engine's public surface: parse one compose file keeping positions (src/compose/parse),
// and resolve a project like `docker compose config` (interpolation, .env, overrides, extends,
// include, profiles, resources in both forms). Used by the stats engine, the compose lint rules, the
// CLI and the editor; no `vscode` import.
export * from './types';
export { parseComposeText, nodeAt, entryAt, toPlain, PARSE_LIMITS } from './parse';
export { resolveComposeProject, serviceResources } from './resolve';
export { ComposeFileError, findComposeFiles, isComposeFileName, normalizeProjectName, parseDotEnv, readBoundedFile, COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_FILE_NAMES, COMPOSE_LIMITS } from './files';
export { mergeCompose, mergeService } from './merge';
export { interpolate, interpolateTree, InterpolationError, unboundedText, type VariableLookup, type InterpolationBudget } from './interpolate';
export { parseMemory, parseCpus } from './units';
export { lintCompose, tooLargeComposeFinding, composeRules, composeRuleByCode, MAX_COMPOSE_LENGTH, friendlyBytes, composeSize, humanBytes, humanWindow, suggestion } from './lint';
export type { ComposeLintOptions, ComposeLintResult, ComposeRule, ServiceObservation } from './lint';
