// SD1002: the shipped image installs dev dependencies or build tooling of a language (npm without
// --omit=dev, pip test/build tools, go/maven/gradle/cargo/dotnet builds).
import type { Rule, RuleFinding } from '../../rule';
import { PYTHON_BUILD_PACKAGES } from '../../data/packages';
import { parseImageReference } from '../../data/baseImages';
import {
  buildStep, type Command, commandsOf, DEV_CONTAINER_NOTE, lineOf, nodeProductionAt, perShippedStage, rangeBetween,
  rootStage, runsOf,
} from '../kit';
import type { RuleContext, Stage } from '../../rule';

const NPM_PRODUCTION_FLAGS = /^(--omit=dev|--production|--only=prod(uction)?|--prod|-P)$/;

function omitsDev(command: Command, raw: string): boolean {
  if (command.args.some((arg) => NPM_PRODUCTION_FLAGS.test(arg))) return true;
  const omitAt = command.args.indexOf('--omit');
  if (omitAt !== -1 && command.args[omitAt + 1] === 'dev') return true;
  return /\bNODE_ENV=["']?production\b/.test(raw);
}

/** `npm ci`, `npm install` (no package names), `yarn`, `yarn install`, `pnpm install`. */
function installsAllDependencies(command: Command): boolean {
  const words = command.args.filter((arg) => !arg.startsWith('-'));
  if (command.name === 'npm') return words[0] === 'ci' || ((words[0] === 'install' || words[0] === 'i') && words.length === 1);
  if (command.name === 'yarn') return words.length === 0 || (words[0] === 'install' && words.length === 1);
  if (command.name === 'pnpm') return (words[0] === 'install' || words[0] === 'i') && words.length === 1;
  return false;
}

function prunedLater(context: RuleContext, command: Command): boolean {
  return commandsOf(context, command.instruction).some(
    (other) => other.position > command.position && other.name === 'npm' && other.args[0] === 'prune' && other.args.some((arg) => NPM_PRODUCTION_FLAGS.test(arg) || arg === 'dev'),
  );
}

function pythonBuildPackages(command: Command): string[] {
  if (!/^pip3?(\.\d+)?$/.test(command.name) && !(command.name.startsWith('python') && command.args[0] === '-m' && command.args[1] === 'pip')) return [];
  const args = command.name.startsWith('python') ? command.args.slice(2) : command.args;
  if (args[0] !== 'install') return [];
  const found: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if ((arg === '-r' || arg === '--requirement') && /(dev|test)/i.test(args[i + 1] ?? '')) found.push(`-r ${args[i + 1]}`);
    if (/\[(.*,)?(dev|test|tests|lint)(,.*)?\]$/.test(arg)) found.push(arg);
    const bare = arg.toLowerCase().replace(/[=<>~!].*$/, '');
    if (PYTHON_BUILD_PACKAGES.has(bare)) found.push(bare);
  }
  return found;
}

export const SD1002: Rule = {
  code: 'SD1002',
  source: 'stevedore',
  severity: 'warning',
  summary: 'The final image installs development dependencies or builds with a language toolchain: build in a separate stage',
  explanation: [
    'The stage that becomes the image should hold what runs, not what builds:',
    '',
    '- `npm ci` / `npm install` / `yarn install` / `pnpm install` without `--omit=dev` (`--production`,',
    '  `NODE_ENV=production`, or `npm prune --omit=dev` in the same RUN) ship devDependencies: test',
    '  runners, bundlers and type checkers are often most of `node_modules`;',
    '- `pip install` of test and build tools (pytest, Cython, black, `-r requirements-dev.txt`, `.[dev]`);',
    '- `go build`, `cargo build`, `mvn package`, `gradle build`, `dotnet publish` in the final stage (when',
    '  the base image is itself a toolchain image, SD2001 reports that instead).',
    '',
    '```dockerfile',
    '# Bad',
    'FROM node:22-slim',
    'COPY package*.json ./',
    'RUN npm ci',
    'COPY . .',
    'RUN npm run build',
    'CMD ["node", "dist/server.js"]',
    '',
    '# Good',
    'FROM node:22-slim AS build',
    'COPY package*.json ./',
    'RUN npm ci',
    'COPY . .',
    'RUN npm run build',
    '',
    'FROM node:22-slim',
    'ENV NODE_ENV=production',
    'COPY package*.json ./',
    'RUN npm ci --omit=dev',
    'COPY --from=build /dist ./dist',
    'CMD ["node", "dist/server.js"]',
    '```',
    ...DEV_CONTAINER_NOTE,
  ].join('\n'),
  check: perShippedStage((context, stage) => {
    const findings: RuleFinding[] = [];
    const root = parseImageReference(rootStage(context, stage).baseImage);
    const toolchainBase = root.entry?.toolchain === true && root.variant !== 'distroless';
    for (const run of runsOf(context, stage)) {
      for (const command of commandsOf(context, run)) {
        const verbRange = command.argRanges[0]
          ? rangeBetween(command.nameRange, command.argRanges[0])
          : command.nameRange;
        if (installsAllDependencies(command)) {
          const inline = textAt(context, command);
          const production = nodeProductionAt(context, stage, run.getRange().start.line);
          if (omitsDev(command, inline) || production || prunedLater(context, command)) continue;
          findings.push({
            range: verbRange,
            message: `\`${command.name} ${command.args.join(' ')}\`${where(stage)} installs devDependencies too, and they ship in the image. Install with --omit=dev (or set NODE_ENV=production) here, and run the build that needs them in a separate build stage.`,
          });
          continue;
        }
        const pyTools = pythonBuildPackages(command);
        if (pyTools.length > 0) {
          findings.push({
            range: command.nameRange,
            message: `pip installs ${pyTools.join(', ')}${where(stage)}: test and build tools ship in the image. Install them in a build or test stage and keep only runtime requirements here.`,
          });
          continue;
        }
        const step = buildStep(command);
        if (step && step.compiles && !toolchainBase && /^(go|cargo|mvn|gradle|dotnet)/.test(step.label)) {
          findings.push({
            range: verbRange,
            message: `\`${step.label}\` runs${where(stage)}, so its toolchain, caches and intermediate files ship too. Build in a "FROM ... AS build" stage and COPY --from=build only the artifact (line ${lineOf(run)}).`,
          });
        }
      }
    }
    return findings;
  }),
};

function where(stage: Stage): string {
  return stage.isFinal ? ' in the final stage' : ` in stage "${stage.name ?? stage.index}", which the final image is built FROM`;
}

function textAt(context: RuleContext, command: Command): string {
  const lines = context.lines;
  const { start, end } = command.range;
  if (start.line === end.line) return (lines[start.line] ?? '').slice(Math.max(0, start.character - 40), end.character);
  return lines.slice(start.line, end.line + 1).join('\n');
}
