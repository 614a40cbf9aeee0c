import type { Rule, RuleFinding } from '../../rule';
import type { Range } from '../../types';
import { argsNoFlags, wordsOf } from '../kit';

export const ARCHIVE_EXTENSIONS = ['.tar', '.Z', '.bz2', '.gz', '.lz', '.lzma', '.tZ', '.tb2', '.tbz', '.tbz2', '.tgz', '.tlz', '.tpz', '.txz', '.xz'];
const UNPACKERS = new Set(['unzip', 'gunzip', 'bunzip2', 'unlzma', 'unxz', 'zgz', 'uncompress', 'zcat', 'gzcat']);

export function isArchive(path: string): boolean {
  const bare = path.replace(/^["']+|["']+$/g, '');
  return ARCHIVE_EXTENSIONS.some((extension) => bare.endsWith(extension));
}

function basename(path: string): string {
  const bare = path.replace(/^["']+|["']+$/g, '');
  return bare.slice(Math.max(bare.lastIndexOf('/'), bare.lastIndexOf('\\')) + 1);
}

export const DL3010: Rule = {
  code: 'DL3010',
  source: 'hadolint',
  severity: 'info',
  summary: 'Use `ADD` for extracting archives into an image.',
  explanation: `\`COPY archive.tar\` followed by \`RUN tar -xf archive.tar\` stores the archive in one layer and
its contents in another: the image carries both. \`ADD\` extracts a local tar archive while copying,
in one layer.

Bad:
\`\`\`dockerfile
COPY app.tar.gz /opt/
RUN tar -xzf /opt/app.tar.gz -C /opt
\`\`\`

Good:
\`\`\`dockerfile
ADD app.tar.gz /opt/
\`\`\`

Only archives copied from the build context and later extracted (\`tar -x\`, \`unzip\`, \`gunzip\`, ...)
in the same stage are flagged; \`COPY --from=...\` is not. No automatic fix: \`ADD\` would extract
into the destination directly, which changes the paths the \`RUN\` expects.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of ctx.stages.length > 0 ? ctx.stages : [{ instructions: ctx.instructions }]) {
      const archives: Array<{ name: string; range: Range }> = [];
      const extracted = new Set<number>();
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword === 'COPY') {
          const { words, flags } = wordsOf(ctx, instruction);
          if (flags.some((flag) => flag.name.toLowerCase() === 'from') || words.length < 2) continue;
          const target = words[words.length - 1];
          if (isArchive(target.value)) archives.push({ name: basename(target.value), range: target.range });
          else {
            for (const source of words.slice(0, -1)) {
              if (isArchive(source.value)) archives.push({ name: basename(source.value), range: source.range });
            }
          }
        } else if ((keyword === 'RUN' || keyword === 'ONBUILD') && archives.length > 0) {
          for (const command of ctx.shell(instruction).commands) {
            const tarExtract =
              command.name === 'tar' && command.args.some((arg) => arg === '--extract' || arg === '--get' || (/^-[^-]/.test(arg) && arg.includes('x')));
            if (!tarExtract && !UNPACKERS.has(command.name)) continue;
            const names = new Set(argsNoFlags(command).map(basename));
            archives.forEach((archive, i) => {
              if (names.has(archive.name)) extracted.add(i);
            });
          }
        }
      }
      for (const i of [...extracted].sort((a, b) => a - b)) findings.push({ range: archives[i].range });
    }
    return findings;
  },
};
