// SD3001: a package-manager cache is cleaned in a later RUN than the one that filled it, which
// saves nothing: the files stay in the earlier layer.
import type { Instruction } from 'dockerfile-ast';
import type { Rule, RuleContext, RuleFinding, Stage } from '../../rule';
import type { Fix } from '../../types';
import {
  appendStart, astFlagsOf, type Command, commandsOf, continuation, hasCacheMount, lineOf, mergeShape, offsetOf,
  runsOf, shippedStages, wholeLines,
} from '../kit';

interface CacheKind {
  name: string;
  size: string;
  path: string;
  fills(command: Command): boolean;
  cleans(command: Command): boolean;
}

const rmTargets = (command: Command): string[] => (command.name === 'rm' ? command.args.filter((arg) => !arg.startsWith('-')) : []);
const verb = (command: Command): string | undefined => command.args.find((arg) => !arg.startsWith('-'));

const CACHES: CacheKind[] = [
  {
    name: 'the apt package lists',
    size: '~20-50 MB',
    path: '/var/lib/apt/lists',
    fills: (c) => (c.name === 'apt-get' || c.name === 'apt') && verb(c) === 'update',
    cleans: (c) => rmTargets(c).some((t) => t.startsWith('/var/lib/apt/lists')),
  },
  {
    name: 'the apt package archives',
    size: 'as large as the packages',
    path: '/var/cache/apt',
    fills: (c) => (c.name === 'apt-get' || c.name === 'apt') && verb(c) === 'install',
    cleans: (c) => ((c.name === 'apt-get' || c.name === 'apt') && verb(c) === 'clean') || rmTargets(c).some((t) => t.startsWith('/var/cache/apt')),
  },
  {
    name: 'the apk cache',
    size: 'as large as the packages',
    path: '/var/cache/apk',
    fills: (c) => c.name === 'apk' && (verb(c) === 'add' || verb(c) === 'update') && !c.args.includes('--no-cache'),
    cleans: (c) => (c.name === 'apk' && verb(c) === 'cache' && c.args.includes('clean')) || rmTargets(c).some((t) => t.startsWith('/var/cache/apk')),
  },
  {
    name: "pip's download cache",
    size: 'as large as the wheels',
    path: '/root/.cache/pip',
    fills: (c) => /^pip3?$/.test(c.name) && verb(c) === 'install' && !c.args.includes('--no-cache-dir'),
    cleans: (c) => (/^pip3?$/.test(c.name) && verb(c) === 'cache') || rmTargets(c).some((t) => /(\.cache\/pip|\/root\/\.cache|~\/\.cache)/.test(t)),
  },
  {
    name: "npm's cache (~/.npm)",
    size: 'about as large as node_modules',
    path: '/root/.npm',
    fills: (c) => c.name === 'npm' && /^(ci|install|i)$/.test(verb(c) ?? ''),
    cleans: (c) => (c.name === 'npm' && verb(c) === 'cache' && c.args.includes('clean')) || rmTargets(c).some((t) => /\.npm(\/|$)/.test(t)),
  },
  {
    name: "yarn's cache",
    size: 'about as large as node_modules',
    path: '/usr/local/share/.cache/yarn',
    fills: (c) => c.name === 'yarn' && (verb(c) === undefined || verb(c) === 'install' || verb(c) === 'add'),
    cleans: (c) => (c.name === 'yarn' && verb(c) === 'cache' && c.args.includes('clean')) || rmTargets(c).some((t) => /\.cache\/yarn|\.yarn\/cache/.test(t)),
  },
  {
    name: 'the yum/dnf cache',
    size: '~50-150 MB of metadata and packages',
    path: '/var/cache/',
    fills: (c) => /^(yum|dnf|microdnf)$/.test(c.name) && /^(install|update|upgrade|groupinstall|makecache)$/.test(verb(c) ?? ''),
    cleans: (c) => (/^(yum|dnf|microdnf)$/.test(c.name) && verb(c) === 'clean') || rmTargets(c).some((t) => /^\/var\/cache\/(yum|dnf)/.test(t)),
  },
];

const isCleanup = (command: Command): boolean => CACHES.some((cache) => cache.cleans(command));

function plainShellForm(run: Instruction): boolean {
  const args = run.getRawArgumentsContent() ?? '';
  const heredocs = (run as unknown as { getHeredocs?(): unknown[] }).getHeredocs?.() ?? [];
  return astFlagsOf(run).length === 0 && heredocs.length === 0 && !args.trim().startsWith('[') && !args.includes('#');
}

/**
 * The safe fix: when the clean-up RUN does nothing else and no RUN sits between the two, append it
 * to the RUN that filled the cache (`&& ...`) and delete it. Nothing in between can need the cache.
 */
function moveIntoFiller(
  context: RuleContext,
  stage: Stage,
  filler: Instruction,
  cleanup: Instruction,
): Fix | undefined {
  // Directly after it: an instruction between (USER, WORKDIR, ENV, COPY...) could change what the clean-up does.
  if (stage.instructions.indexOf(cleanup) !== stage.instructions.indexOf(filler) + 1) return undefined;
  const commands = commandsOf(context, cleanup);
  if (commands.length === 0 || !commands.every(isCleanup)) return undefined;
  if (!plainShellForm(filler) || !plainShellForm(cleanup)) return undefined;
  // The merged RUN must do what the two did (issue 9): see runMerge.ts.
  const shape = mergeShape(context.shell(filler).script, context.shell(cleanup).script);
  const from = shape && appendStart(context, filler, shape);
  if (!from) return undefined;
  const args = cleanup.getArguments();
  const script = context.text.slice(
    offsetOf(context, args[0].getRange().start),
    offsetOf(context, cleanup.getRange().end),
  );
  return {
    title: `Move the clean-up into the RUN on line ${lineOf(filler)}`,
    edits: [
      { range: { start: from, end: filler.getRange().end }, newText: ` ${continuation(context)}    && ${script}` },
      { range: wholeLines(context, cleanup), newText: '' },
    ],
  };
}

export const SD3001: Rule = {
  code: 'SD3001',
  source: 'stevedore',
  severity: 'warning',
  summary: 'A package-manager cache is cleaned in a later RUN than the one that filled it: that saves nothing',
  explanation: [
    'Each RUN is a layer; a later layer can hide files but never shrink an earlier one. Cleaning the apt',
    'lists, the apk/pip/npm/yarn caches or `yum clean all` in a *separate* RUN leaves every byte in the',
    'image. The clean-up has to happen in the RUN that filled the cache, or the cache should not be written',
    'at all (`apk add --no-cache`, `pip install --no-cache-dir`, `--mount=type=cache`).',
    '',
    'This rule reports the clean-up and points at the RUN that created the cache. Caches left with no',
    'clean-up at all are hadolint\'s rules: DL3009 (apt lists), DL3019 (apk), DL3042 (pip), DL3060 (yarn),',
    'DL3032/DL3040 (yum/dnf); SD3002 covers npm. Only the stages that ship are checked.',
    '',
    '```dockerfile',
    '# Bad',
    'RUN apt-get update && apt-get install -y --no-install-recommends curl',
    'RUN rm -rf /var/lib/apt/lists/*',
    '# Good',
    'RUN apt-get update && apt-get install -y --no-install-recommends curl \\',
    '    && rm -rf /var/lib/apt/lists/*',
    '```',
    '',
    'Quick fix (when the clean-up RUN does only clean-up and directly follows the RUN that filled the',
    'cache, both in plain shell form): move it into that RUN with `&&`.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of shippedStages(context)) {
      const runs = runsOf(context, stage);
      for (const cache of CACHES) {
        let filler: { run: (typeof runs)[number]; command: Command } | undefined;
        for (const run of runs) {
          const commands = commandsOf(context, run);
          const fillsHere = commands.find((command) => cache.fills(command));
          const cleanHere = commands.find((command) => cache.cleans(command));
          if (cleanHere && filler && (!fillsHere || fillsHere.position > cleanHere.position)) {
            findings.push({
              range: cleanHere.range,
              message: `This removes ${cache.name} in a later layer than \`${filler.command.name} ${filler.command.args.join(' ')}\` on line ${lineOf(filler.run)}: the files (${cache.size}) stay in that layer, so it saves nothing. Do the clean-up in the RUN on line ${lineOf(filler.run)}.`,
              fix: moveIntoFiller(context, stage, filler.run, run),
            });
            filler = undefined;
          }
          if (fillsHere && !hasCacheMount(run, cache.path)) {
            const cleanedAfter = commands
              .some((command) => command.position > fillsHere.position && cache.cleans(command));
            filler = cleanedAfter ? undefined : { run, command: fillsHere };
          }
        }
      }
    }
    return findings;
  },
};
