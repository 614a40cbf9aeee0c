import type { Rule } from '../../rule';
import { missingCleanUp } from '../kit';
export const DL3032: Rule = {
  code: 'DL3032',
  source: 'hadolint',
  severity: 'warning',
  summary: '`yum clean all` missing after yum command.',
  explanation: `yum keeps downloaded packages and repository metadata in \`/var/cache/yum\`. Left in the layer, they
add tens to hundreds of megabytes to the image for nothing. The clean-up must happen in the same
\`RUN\` as the install: a later \`RUN\` cannot shrink an earlier layer.

Bad:
\`\`\`dockerfile
RUN yum install -y httpd-2.4.6
\`\`\`

Good:
\`\`\`dockerfile
RUN yum install -y httpd-2.4.6 && yum clean all
\`\`\`

A clean-up before the install does not count. **Fix:** the quick fix appends \`&& yum clean all\` to the \`RUN\` that installs.`,
  check: (ctx) =>
    missingCleanUp(ctx, {
      tools: ['yum'],
      isInstall: (_tool, c) => c.name === 'yum' && c.args.includes('install'),
      // As hadolint: `yum` with `clean` or `all`, or `rm` with `-rf` or `/var/cache/yum/*`, after the install.
      isClean: (_tool, c) =>
        (c.name === 'yum' && (c.args.includes('clean') || c.args.includes('all'))) ||
        (c.name === 'rm' && (c.args.includes('-rf') || c.args.includes('/var/cache/yum/*'))),
      cleanCommand: () => 'yum clean all',
    }),
};
