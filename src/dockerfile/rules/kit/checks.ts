// Whole checks several rules share: each rule file keeps its code, texts and the one line that
// says which variant of the check it is.
import type { Instruction } from 'dockerfile-ast';
import type { ParsedShell, RuleContext, RuleFinding, ShellCommand, Stage } from '../../rule';
import type { Fix, Range } from '../../types';
import { isDevelopmentImage, shippedStages } from './stages';
import { argProperties, fromParts, hasCacheOrTmpfsMountWith, runShells } from './words';

/** Every `keyword` instruction after the first one of its stage (only the last one takes effect). */
export function repeatedPerStage(context: RuleContext, keyword: string): RuleFinding[] {
  const findings: RuleFinding[] = [];
  let seen = false;
  for (const instruction of context.instructionsOf('FROM', keyword)) {
    const current = instruction.getKeyword();
    if (current === 'FROM') seen = false;
    else if (current === keyword) {
      if (seen) findings.push({ range: instruction.getInstructionRange() });
      seen = true;
    }
  }
  return findings;
}

/** hadolint's reading of flags in the package-pin rules: any word starting with `-` (but `-` and `--` alone). */
export function isDashFlag(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-' && arg !== '--';
}

/** A package (or module) a command installs, with where it is. */
export interface InstalledPackage {
  word: string;
  range: Range;
  module?: boolean;
}

/**
 * hadolint's package-pin rules (DL3033, DL3037, DL3041, DL3062...): per RUN (and ONBUILD RUN), the
 * first package `installed` lists that `isPinned` rejects.
 */
export function firstUnpinnedPerRun(
  context: RuleContext,
  installed: (command: ShellCommand) => InstalledPackage[],
  isPinned: (item: InstalledPackage, run: Instruction) => boolean,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  // Loops, not flatMap/find: four rules over every command of every RUN.
  const runs = runShells(context);
  for (let r = 0; r < runs.length; r++) {
    const commands = runs[r].shell.commands;
    search: for (let c = 0; c < commands.length; c++) {
      const items = installed(commands[c]);
      for (let i = 0; i < items.length; i++) {
        if (!isPinned(items[i], runs[r].instruction)) {
          findings.push({ range: items[i].range });
          break search;
        }
      }
    }
  }
  return findings;
}

/**
 * hadolint's rpm pin (DL3033, DL3041): `name-version[-release]` with a part after a dash that starts
 * with a digit, an `.rpm` file, or a version in a variable the Dockerfile declares for this RUN
 * (`git-core-\${GIT_VERSION}`: any ARG before it, or an ENV of its stage or the stages it is built FROM).
 */
export function rpmPackagePinned(word: string, declared: ReadonlySet<string>): boolean {
  // An .rpm file is checked first: hadolint asks for a dash before, which flags `./local.rpm`.
  if (word.endsWith('.rpm')) return true;
  const parts = word.split('-');
  if (parts.length <= 1) return false;
  if (word.includes('$')) {
    const used = new Set([...word.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]));
    return [...used].some((name) => declared.has(name));
  }
  const rest = parts.slice(1);
  return rest.every((part) => /^[0-9A-Za-z.~^_:+]*$/.test(part)) && rest.some((part) => /^[0-9]/.test(part));
}

/**
 * The names hadolint's pin rules take as declared at each RUN: every ARG seen so far (in any stage),
 * and the ENVs of the RUN's stage, inherited from the stage it is built FROM.
 */
const declaredMemo = new WeakMap<RuleContext, Map<Instruction, ReadonlySet<string>>>();
export function declaredVariables(context: RuleContext, run: Instruction): ReadonlySet<string> {
  let byRun = declaredMemo.get(context);
  if (!byRun) {
    byRun = new Map();
    declaredMemo.set(context, byRun);
    const args = new Set<string>();
    const stageEnvs = new Map<string, Set<string>>();
    let envs = new Set<string>();
    for (const instruction of context.instructionsOf('FROM', 'ARG', 'ENV', 'RUN', 'ONBUILD')) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        const { image, alias } = fromParts(context, instruction);
        envs = new Set(stageEnvs.get(image?.value.toLowerCase() ?? '') ?? []);
        if (alias) stageEnvs.set(alias.value.toLowerCase(), envs);
      } else if (keyword === 'ARG') {
        for (const property of argProperties(instruction)) args.add(property.getName());
      } else if (keyword === 'ENV') {
        for (const property of argProperties(instruction)) envs.add(property.getName());
      } else if (keyword === 'RUN' || keyword === 'ONBUILD') {
        byRun.set(instruction, new Set([...args, ...envs]));
      }
    }
  }
  return byRun.get(run) ?? new Set();
}

/**
 * Appends `&& <command>` to a RUN's script (shared by the cache clean-up rules DL3032, DL3036,
 * DL3040, DL3060). Offered only where the text after the script is certainly shell: a parsed
 * shell-form script without heredoc or `#` (a comment would swallow it), whose last line is where
 * the instruction ends and which does not end in an operator.
 */
export function appendToRunFix(
  ctx: RuleContext, instruction: Instruction, shell: ParsedShell, command: string,
): Fix | undefined {
  if (!shell.ok || shell.commands.length === 0 || shell.script.includes('#')) return undefined;
  const heredocs = (instruction as unknown as { getHeredocs?(): unknown[] }).getHeredocs?.() ?? [];
  if (heredocs.length > 0 || /<</.test(shell.script)) return undefined;
  const words = instruction.getArguments().map((argument) => argument.getValue());
  let i = instruction.getKeyword() === 'ONBUILD' ? 1 : 0;
  while (i < words.length && words[i].startsWith('--')) i++;
  if (words[i]?.startsWith('[')) return undefined;
  const script = shell.script.trimEnd();
  if (/[;&|\\`]$/.test(script)) return undefined;
  const end = instruction.getRange().end;
  // The instruction's last line must be the script's end (not, say, a comment line Docker drops).
  const lastLine = ctx.lines[end.line]?.slice(0, end.character).trim() ?? '';
  if (lastLine.length === 0 || !(script.endsWith(lastLine) || lastLine.endsWith(script))) return undefined;
  return { title: `Append && ${command}`, edits: [{ range: { start: end, end }, newText: ` && ${command}` }] };
}

/** A package manager's cache clean-up rule (DL3032, DL3036, DL3040): which commands install and clean. */
export interface CleanUpCheck {
  tools: readonly string[];
  isInstall(tool: string, command: ShellCommand): boolean;
  isClean(tool: string, command: ShellCommand): boolean;
  /** What the fix appends to the RUN. */
  cleanCommand(tool: string): string;
  /** Cache or tmpfs mount targets (text they contain) that keep the cache out of the layer: no finding. */
  mountedCaches?: readonly string[];
}

/**
 * Per RUN, the first install of the first tool not followed by its clean-up. The fix appends the
 * clean-up, offered only when the RUN has none (one before the install keeps the finding).
 */
export function missingCleanUp(context: RuleContext, check: CleanUpCheck): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const runs = runShells(context);
  for (let r = 0; r < runs.length; r++) {
    const { instruction, shell } = runs[r];
    if (check.mountedCaches?.some((fragment) => hasCacheOrTmpfsMountWith(instruction, fragment))) continue;
    const commands = shell.commands;
    for (const tool of check.tools) {
      // Not findIndex with a closure per tool and RUN: the predicates take the tool.
      const install = indexOfCommand(commands, tool, check.isInstall);
      if (install < 0) continue;
      const clean = indexOfCommand(commands, tool, check.isClean);
      if (clean > install) continue;
      const fix = clean < 0 ? appendToRunFix(context, instruction, shell, check.cleanCommand(tool)) : undefined;
      findings.push({ range: commands[install].range, fix });
      break;
    }
  }
  return findings;
}

function indexOfCommand(
  commands: readonly ShellCommand[], tool: string, matches: (tool: string, command: ShellCommand) => boolean,
): number {
  for (let i = 0; i < commands.length; i++) if (matches(tool, commands[i])) return i;
  return -1;
}

/** The closing lines of the SD1xxx/SD2xxx explanations: those rules stay silent on dev containers. */
export const DEV_CONTAINER_NOTE: readonly string[] = [
  '',
  'Dev-container images (`FROM mcr.microsoft.com/devcontainers/...`) are development environments on',
  'purpose and are not reported.',
];

type Check = (context: RuleContext) => RuleFinding[];

/** A check about what the shipped image carries (SD1xxx, SD2xxx): silent on dev-container images. */
export function unlessDevelopmentImage(check: Check): Check {
  return (context) => (isDevelopmentImage(context) ? [] : check(context));
}

/** `check` over each stage whose files ship in the image, unless the image is a dev container. */
export function perShippedStage(check: (context: RuleContext, stage: Stage) => RuleFinding[]): Check {
  return unlessDevelopmentImage((context) => [...shippedStages(context)].flatMap((stage) => check(context, stage)));
}
