import type { Rule, RuleFinding } from '../../rule';

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

**Fix:** append \`&& yum clean all\` to the \`RUN\` that installs.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'RUN' && keyword !== 'ONBUILD') continue;
      const commands = ctx.shell(instruction).commands;
      const install = commands.find((c) => c.name === 'yum' && c.args.includes('install'));
      if (!install) continue;
      // As hadolint: any `yum` command with `clean` or `all` counts as the clean-up.
      if (commands.some((c) => c.name === 'yum' && (c.args.includes('clean') || c.args.includes('all')))) continue;
      findings.push({ range: install.range });
    }
    return findings;
  },
};
