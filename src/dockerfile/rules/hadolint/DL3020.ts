import type { Rule, RuleFinding } from '../../rule';
import { dropQuotes, wordsOf } from '../../instructionArgs';
import { isArchive } from './DL3010';

/** Flags COPY accepts too; ADD's own (--checksum, --keep-git-dir, --unpack) have no COPY meaning. */
const COPY_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude', 'parents']);

function isUrl(source: string): boolean {
  const bare = dropQuotes(source);
  return bare.startsWith('https://') || bare.startsWith('http://');
}

/** Anything ADD fetches rather than copies: URLs of any scheme and `user@host:repo` git addresses. */
function isRemote(source: string): boolean {
  const bare = dropQuotes(source);
  return bare.includes('://') || /^[\w.-]+@[\w.-]+:/.test(bare);
}

export const DL3020: Rule = {
  code: 'DL3020',
  source: 'hadolint',
  severity: 'error',
  summary: 'Use COPY instead of ADD for files and folders',
  explanation: `\`ADD\` also downloads URLs and unpacks local tar archives, so a reader cannot tell what an \`ADD\`
of a plain file does without checking the file. \`COPY\` only copies.

Bad:
\`\`\`dockerfile
ADD requirements.txt /app/
\`\`\`

Good:
\`\`\`dockerfile
COPY requirements.txt /app/
\`\`\`

Not flagged: \`ADD\` of archives (\`.tar\`, \`.gz\`, \`.tgz\`, \`.xz\`, ...) and of http(s) URLs, where \`ADD\`
does something \`COPY\` cannot. \`.zip\` files are flagged: \`ADD\` does not unpack them.
**Fix:** replaces \`ADD\` with \`COPY\` when every source is a local path and every flag is one
\`COPY\` accepts.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      if (instruction.getKeyword() !== 'ADD') continue;
      const { words, flags } = wordsOf(ctx, instruction);
      const sources = words.slice(0, -1).filter((word) => !word.value.startsWith('<<'));
      if (sources.length === 0 || sources.every((source) => isArchive(source.value) || isUrl(source.value))) continue;
      const safe = !sources.some((source) => isRemote(source.value)) && flags.every((flag) => COPY_FLAGS.has(flag.name.toLowerCase()));
      const keyword = instruction.getInstructionRange();
      findings.push({
        range: keyword,
        ...(safe ? { fix: { title: 'Replace ADD with COPY', edits: [{ range: keyword, newText: 'COPY' }] } } : {}),
      });
    }
    return findings;
  },
};
