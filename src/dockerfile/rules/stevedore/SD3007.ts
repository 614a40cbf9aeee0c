// SD3007: ADD of a remote URL: the download lands in its own layer, unverified, and a later
// extract/delete cannot shrink it.
import type { Rule, RuleFinding } from '../../rule';
import { argumentsOutsideHeredocs, flagOf } from '../kit';

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|zip|gz|bz2|xz|zst)$/i;

export const SD3007: Rule = {
  code: 'SD3007',
  source: 'stevedore',
  severity: 'warning',
  summary: 'ADD of a remote URL: download, verify, extract and clean up in one RUN instead',
  explanation: [
    '`ADD https://...` stores the downloaded file in a layer of its own. ADD does not extract remote',
    'archives, so the usual next step, `RUN tar -xf ... && rm ...`, leaves the archive in the ADD layer for',
    'good. Without `--checksum` the download is not verified either. One RUN that downloads, checks,',
    'extracts and deletes keeps only what is needed. (hadolint\'s DL3020 covers ADD of local files.)',
    '',
    '```dockerfile',
    '# Bad',
    'ADD https://example.com/tool-1.2.tar.gz /tmp/',
    'RUN tar -xzf /tmp/tool-1.2.tar.gz -C /usr/local && rm /tmp/tool-1.2.tar.gz',
    '# Good',
    'RUN curl -fsSL https://example.com/tool-1.2.tar.gz -o /tmp/tool.tgz \\',
    '    && echo "<sha256>  /tmp/tool.tgz" | sha256sum -c - \\',
    '    && tar -xzf /tmp/tool.tgz -C /usr/local && rm /tmp/tool.tgz',
    '```',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructionsOf('ADD')) {
      const checksum = flagOf(instruction, 'checksum') !== undefined;
      for (const source of argumentsOutsideHeredocs(instruction).slice(0, -1)) {
        const url = source.getValue().replace(/^\[?\s*"?|"?\s*,?\s*\]?$/g, '');
        if (!/^https?:\/\//i.test(url) || /\.git(#.*)?$/.test(url)) continue;
        const file = url.replace(/[?#].*$/, '');
        const message = ARCHIVE.test(file)
          ? `ADD downloads ${file.slice(file.lastIndexOf('/') + 1)} into its own layer and does not extract remote archives: extracting and deleting it in a later RUN leaves the archive in this layer. Download, ${checksum ? '' : 'verify (sha256sum), '}extract and delete it in one RUN.`
          : `ADD stores this download in its own layer${checksum ? '' : ' without verifying it (no --checksum)'}. Use RUN curl -fsSL ... in the RUN that uses the file${checksum ? '' : ', check its sha256'}, and delete what is not needed there.`;
        findings.push({ range: source.getRange(), message });
      }
    }
    return findings;
  },
};
