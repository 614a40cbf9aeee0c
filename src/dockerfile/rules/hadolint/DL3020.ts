import type { Rule, RuleFinding } from '../../rule';
import { dropQuotes, wordsOf } from '../kit';
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

/**
 * Extensions of files that are certainly not tar archives. Docker's ADD recognises an archive by
 * its content, not its name, so `vendor.bundle` or `file` may be a tar that ADD extracts and COPY
 * would not: the fix is offered only for these, and for folders (ADD copies a folder's archives as-is).
 * `.zip`, `.jar` and `.whl` are zip files, which ADD does not extract.
 */
const NOT_TAR_EXTENSIONS = new Set([
  'txt', 'md', 'rst', 'json', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'config', 'env', 'properties', 'xml', 'html', 'htm', 'css',
  'js', 'mjs', 'cjs', 'ts', 'jsx', 'tsx', 'map', 'py', 'pyc', 'rb', 'go', 'mod', 'sum', 'rs', 'java', 'kt', 'scala', 'php', 'pl', 'lua', 'r',
  'c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'swift', 'sh', 'bash', 'zsh', 'ps1', 'bat', 'cmd', 'sql', 'csv', 'tsv', 'lock', 'pem', 'crt', 'key',
  'pub', 'asc', 'svg', 'png', 'jpg', 'jpeg', 'gif', 'ico', 'webp', 'woff', 'woff2', 'ttf', 'otf', 'zip', 'jar', 'war', 'whl', 'so', 'dll', 'exe',
  'service', 'timer', 'socket', 'repo', 'list', 'pdf', 'proto', 'graphql', 'tmpl', 'tpl', 'j2', 'template', 'dockerignore', 'gitignore',
]);

function certainlyNotTar(source: string): boolean {
  const bare = dropQuotes(source);
  if (bare === '.' || bare === './' || bare.endsWith('/')) return true;
  const name = bare.slice(bare.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && NOT_TAR_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
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
**Fix:** replaces \`ADD\` with \`COPY\` when every flag is one \`COPY\` accepts and no source can be a
local tar archive: a folder, or a file whose extension is certainly not an archive's (\`.txt\`, \`.json\`,
\`.py\`, \`.zip\`, ...). Docker recognises a tar by its content, so \`ADD vendor.bundle /vendor/\` or an
\`ADD\` of several sources with one archive among them keeps its \`ADD\`: \`COPY\` would stop extracting it.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('ADD')) {
      const { words, flags } = wordsOf(ctx, instruction);
      const sources = words.slice(0, -1).filter((word) => !word.value.startsWith('<<'));
      if (sources.length === 0 || sources.every((source) => isArchive(source.value) || isUrl(source.value))) continue;
      const safe =
        sources.every((source) => !isRemote(source.value) && certainlyNotTar(source.value)) &&
        flags.every((flag) => COPY_FLAGS.has(flag.name.toLowerCase()));
      const keyword = instruction.getInstructionRange();
      findings.push({
        range: keyword,
        ...(safe ? { fix: { title: 'Replace ADD with COPY', edits: [{ range: keyword, newText: 'COPY' }] } } : {}),
      });
    }
    return findings;
  },
};
