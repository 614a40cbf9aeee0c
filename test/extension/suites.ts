// Every extension-test module, registered in one list (the bundle has no file-system glob).
import analyze from './analyze.test';
import compare from './compare.test';
import compose from './compose.test';
import dockerfile from './dockerfile.test';
import foundation from './foundation.test';
import logs from './logs.test';
import layerFiles from './layerFiles.test';
import load from './load.test';
import shellcheck from './shellcheck.test';
import stats from './stats.test';
import statsPrometheus, { registerKubernetes as statsKubernetes } from './statsPrometheus.test';
import tasks from './tasks.test';
import trust from './trust.test';
import vsix from './vsix.test';

/** Run in the demo workspace with Workspace Trust off (scripts/test-extension.mjs's first run). */
export const suites: Array<() => void> = [foundation, dockerfile, shellcheck, analyze, layerFiles, compare, stats, statsPrometheus, statsKubernetes, logs, load, tasks, compose];

/** Run on test/fixtures/untrusted-workspace opened in Restricted mode (STEVEDORE_EXTENSION_RUN=untrusted). */
export const untrustedSuites: Array<() => void> = [trust];

/** Run with the packaged .vsix installed as users install it (STEVEDORE_EXTENSION_RUN=vsix). */
export const vsixSuites: Array<() => void> = [vsix];
