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

**Fix:** the quick fix appends \`&& yum clean all\` to the \`RUN\` that installs.`,
  check: (ctx) =>
    missingCleanUp(ctx, {
      tools: ['yum'],
      isInstall: (_tool, c) => c.name === 'yum' && c.args.includes('install'),
      // As hadolint: any `yum` command with `clean` or `all`, anywhere in the RUN, counts as the clean-up.
      isClean: (_tool, c) => c.name === 'yum' && (c.args.includes('clean') || c.args.includes('all')),
      cleanCommand: () => 'yum clean all',
      cleanAnywhere: true,
    }),
};
