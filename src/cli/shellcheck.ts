// `stevedore lint --shellcheck auto|on|off [--shellcheck-path FILE]`: ShellCheck's findings inside
// RUN, added to the rules' findings of each file. `auto` (the default) uses ShellCheck when it is
// installed and says nothing when it is not; `on` requires it (exit 2 and how to install it when it
// is missing); `off` never runs it. Answers are kept per script in the user's cache folder, so a
// file linted again costs no ShellCheck time for the RUNs that did not change.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { shellcheckFindingsOfTexts, type Finding, type LintConfig } from '../dockerfile';
import { CliError } from './errors';

export const SHELLCHECK_MODES = ['auto', 'on', 'off'] as const;
export type ShellcheckMode = (typeof SHELLCHECK_MODES)[number];

export interface ShellcheckCli {
  /** ShellCheck's findings for each file's text, one process for all (none when off or unavailable). */
  findings(texts: readonly string[], config: LintConfig): Promise<Finding[][]>;
  /** True once `on` could not run ShellCheck: the command then exits 2. */
  readonly failed: boolean;
}

/**
 * Where ShellCheck's answers are kept between runs: the user's cache folder (XDG_CACHE_HOME, else
 * ~/.cache), `stevedore/shellcheck`; STEVEDORE_SHELLCHECK_CACHE=off keeps them in memory only.
 */
function cacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  if (env.STEVEDORE_SHELLCHECK_CACHE === 'off') return undefined;
  const base = env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  return base ? join(base, 'stevedore', 'shellcheck') : undefined;
}

export function shellcheckCli(
  options: { shellcheck?: string; shellcheckPath?: string },
  io: { cwd: string; env: NodeJS.ProcessEnv; stderr: { write(text: string): unknown } },
): ShellcheckCli {
  const mode = (options.shellcheck ?? io.env.STEVEDORE_SHELLCHECK ?? 'auto') as ShellcheckMode;
  if (!SHELLCHECK_MODES.includes(mode)) {
    throw new CliError(`unknown ShellCheck mode '${mode}'; use ${SHELLCHECK_MODES.join(', ')}`, 2);
  }
  const path = options.shellcheckPath;
  // A bare name is looked up on PATH; anything with a folder in it is relative to the current folder.
  const executable = path && /[\\/]/.test(path) && !isAbsolute(path) ? join(io.cwd, path) : path;
  let failed = false;
  return {
    get failed() {
      return failed;
    },
    async findings(texts, config) {
      if (mode === 'off') return texts.map(() => []);
      const results = await shellcheckFindingsOfTexts(texts, { config, executable, cacheFolder: cacheFolder(io.env) });
      const result = results.find((each) => each.problem) ?? { findings: [] };
      if (result.problem) {
        // `auto` without ShellCheck (and no path given) is the quiet case; anything else the user should hear.
        if (mode === 'on') failed = true;
        const quiet = mode === 'auto' && result.problem.kind === 'missing' && !path;
        if (!quiet) {
          io.stderr.write(`stevedore: ${result.problem.message}${mode === 'on' ? '' : ' (ShellCheck findings skipped)'}\n`);
        }
      }
      return results.map((each) => each.findings);
    },
  };
}
