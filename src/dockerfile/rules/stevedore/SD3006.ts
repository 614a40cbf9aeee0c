// SD3006: `COPY . .` before the dependency install, so every source edit reinstalls all dependencies.
import type { Rule, RuleFinding } from '../../rule';
import { commandsOf, lineOf, stageInstructionsOf, wholeContextSource, type Command } from '../kit';

/** Dependency installs and the manifest files to copy before them. */
function dependencyInstall(command: Command): { label: string; manifests: string } | undefined {
  const words = command.args.filter((arg) => !arg.startsWith('-'));
  switch (command.name) {
    case 'npm':
      if (words[0] === 'ci' || ((words[0] === 'install' || words[0] === 'i') && words.length === 1)) return { label: `npm ${words[0]}`, manifests: 'package.json package-lock.json' };
      return undefined;
    case 'yarn':
      if (words.length === 0 || (words[0] === 'install' && words.length === 1)) return { label: 'yarn install', manifests: 'package.json yarn.lock' };
      return undefined;
    case 'pnpm':
      if ((words[0] === 'install' || words[0] === 'i') && words.length === 1) return { label: 'pnpm install', manifests: 'package.json pnpm-lock.yaml' };
      return undefined;
    case 'pip':
    case 'pip3': {
      const at = command.args.findIndex((arg) => arg === '-r' || arg === '--requirement');
      if (words[0] === 'install' && at !== -1) return { label: `pip install -r ${command.args[at + 1]}`, manifests: command.args[at + 1] ?? 'requirements.txt' };
      return undefined;
    }
    case 'poetry':
      if (words[0] === 'install') return { label: 'poetry install', manifests: 'pyproject.toml poetry.lock' };
      return undefined;
    case 'bundle':
      if (words[0] === 'install' || words.length === 0) return { label: 'bundle install', manifests: 'Gemfile Gemfile.lock' };
      return undefined;
    case 'composer':
      if (words[0] === 'install') return { label: 'composer install', manifests: 'composer.json composer.lock' };
      return undefined;
    case 'go':
      if (words[0] === 'mod' && words[1] === 'download') return { label: 'go mod download', manifests: 'go.mod go.sum' };
      return undefined;
    case 'mvn':
    case 'mvnw':
      if (words.some((word) => word.startsWith('dependency:'))) return { label: 'mvn dependency:go-offline', manifests: 'pom.xml' };
      return undefined;
    default:
      return undefined;
  }
}

export const SD3006: Rule = {
  code: 'SD3006',
  source: 'stevedore',
  severity: 'warning',
  summary: 'COPY of the whole context before the dependency install: copy the manifests first so the install stays cached',
  explanation: [
    'The build cache reuses a layer only while everything before it is unchanged. With `COPY . .` before',
    '`npm ci` (or `pip install -r`, `go mod download`, `bundle install`, `composer install`...), editing any',
    'source file invalidates the install, and every build downloads all dependencies again. Copy just the',
    'manifest and lock file, install, then copy the rest. Applies to every stage, build stages included.',
    '',
    '```dockerfile',
    '# Bad',
    'COPY . .',
    'RUN npm ci',
    '# Good',
    'COPY package.json package-lock.json ./',
    'RUN npm ci',
    'COPY . .',
    '```',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      let copy: { range: import('../../types').Range; value: string; line: number } | undefined;
      for (const instruction of stageInstructionsOf(context, stage, 'COPY', 'ADD', 'RUN')) {
        if (!copy) {
          const source = wholeContextSource(instruction);
          if (source) copy = { ...source, line: lineOf(instruction) };
          // An install before the whole-context COPY means the manifests were copied first.
          if (instruction.getKeyword() === 'RUN' && commandsOf(context, instruction).some((command) => dependencyInstall(command))) break;
          continue;
        }
        if (instruction.getKeyword() !== 'RUN') continue;
        const install = commandsOf(context, instruction).map(dependencyInstall).find((found) => found);
        if (!install) continue;
        findings.push({
          range: copy.range,
          message: `COPY ${copy.value} comes before \`${install.label}\` (line ${lineOf(instruction)}): any source edit invalidates its cache and every build reinstalls all dependencies. Copy ${install.manifests} first, run the install, then copy the rest.`,
        });
        break;
      }
    }
    return findings;
  },
};
