// What one rule is: one file per rule declares its code, severity, summary, explanation, check, and
// fix where safe, in the spirit of hadolint's src/Hadolint/Rule/DLxxxx.hs. Adding a rule = one rule
// file under rules/<family>/ (helpers from rules/kit), one line in that family's rules/<family>/index.ts,
// one spec under test/unit/dockerfile/rules/; `npm run docs` then writes its docs/rules/CODE.md page.
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import type { Fix, Range, RuleSource, Severity } from './types';

/** One stage of a multi-stage Dockerfile. */
export interface Stage {
  index: number;
  /** The `AS name`, lower-cased as BuildKit treats it; undefined when unnamed. */
  name?: string;
  /** The FROM instruction that starts the stage. */
  from: Instruction;
  /** The base image as written (`node:20`, `build`, `${BASE}`), without flags. */
  baseImage: string;
  /** Instructions of the stage, FROM included. */
  instructions: Instruction[];
  /** True for the last stage (what `docker build` ships without --target). */
  isFinal: boolean;
}

/** One simple command of a RUN line, as the shell parser sees it. */
export interface ShellCommand {
  /** The program: `apt-get`, `pip`, `npm`, ... (after `sudo`, `env VAR=x` and the like are kept as written). */
  name: string;
  /** Its arguments as the shell would pass them (quotes removed, where they are literal). */
  args: string[];
  /** Where the command starts and ends in the Dockerfile text. */
  range: Range;
  /** Where the command word (`apt-get`) is. */
  nameRange: Range;
  /** Where each of `args` is, same order: fixes insert flags next to them. */
  argRanges: Range[];
}

export interface ParsedShell {
  commands: ShellCommand[];
  /** False when the script could not be parsed; rules then stay silent rather than guess. */
  ok: boolean;
  /** True when a pipeline (`a | b`, `a |& b`) occurs anywhere in the script. */
  hasPipe: boolean;
  /** The script as the shell receives it (continuations joined; for exec form, the words joined). */
  script: string;
  /** How the RUN is written: fixes insert `-y` in shell text, but `, "-y"` in an exec-form array. */
  form: 'shell' | 'exec' | 'heredoc';
}

/** The `.hadolint.yaml` options rules read (resolved, defaults applied). */
export interface RuleConfig {
  trustedRegistries: string[];
  /** label name -> type (`text`, `url`, `spdx`, `hash`, `rfc3339`, `semver`, `email`). */
  labelSchema: Record<string, string>;
  strictLabels: boolean;
}

export interface RuleContext {
  text: string;
  lines: readonly string[];
  dockerfile: Dockerfile;
  instructions: readonly Instruction[];
  /**
   * The instructions whose keyword (`getKeyword()`, upper case) is one of `keywords`, in order;
   * computed once per lint. ONBUILD triggers are under `ONBUILD`. Read-only.
   */
  instructionsOf(...keywords: string[]): readonly Instruction[];
  stages: readonly Stage[];
  config: RuleConfig;
  /** The shell commands of a RUN instruction (exec form and heredocs included), parsed once and cached. */
  shell(instruction: Instruction): ParsedShell;
  /**
   * The build context's `.dockerignore` content: a string, `null` when the file does not exist,
   * undefined when the context is unknown (text linted without a file) - then rules about it stay silent.
   */
  dockerignore: string | null | undefined;
}

/** What a check reports; the engine adds code, severity, source and link. */
export interface RuleFinding {
  range: Range;
  /** Overrides the rule's summary when the finding needs specifics ("typical saving 800 MB"). */
  message?: string;
  fix?: Fix;
}

export interface Rule {
  code: string;
  source: RuleSource;
  severity: Severity;
  /** One line, what is wrong and what to do: the default message. */
  summary: string;
  /** Markdown: why it matters, an example, how to fix it. Shown on hover and in docs/rules/CODE.md. */
  explanation: string;
  /** Off unless enabled in configuration (hadolint: DL3057, DL1001). */
  offByDefault?: boolean;
  /**
   * A BuildKit experimental check: off unless `# check=experimental=NAME` (or `all`) turns it on, for
   * the file or for the instruction under the comment, or configuration enables it. `skip` does not apply.
   */
  experimental?: boolean;
  check(context: RuleContext): RuleFinding[];
}
