// SD2002: an Alpine-based final image compiles Python wheels / Node native modules from source, or
// adds glibc compatibility: musl is working against the build.
import type { Rule, RuleFinding } from '../../rule';
import { GLIBC_COMPAT_PACKAGES, MUSL_COMPILE_SIGNS } from '../../data/packages';
import { parseImageReference, tagVersion } from '../../data/baseImages';
import { commandsOf, DEV_CONTAINER_NOTE, perShippedStage, rootStage, runsOf, stageInstalls } from '../kit';

export const SD2002: Rule = {
  code: 'SD2002',
  source: 'stevedore',
  severity: 'info',
  summary: "Alpine's musl libc is making this image compile from source or emulate glibc: a -slim (glibc) base may be smaller and simpler",
  explanation: [
    'Alpine is small because it uses musl instead of glibc. Most prebuilt binaries assume glibc:',
    '',
    '- Python `manylinux` wheels do not install on musl: packages without a `musllinux` wheel are compiled',
    '  from source, which is why Alpine Python images grow `gcc`, `musl-dev`, `python3-dev`...;',
    '- Node native modules (`bcrypt`, `sharp`, `sqlite3`) download glibc prebuilds, so on Alpine',
    '  `node-gyp` compiles them with `python3`, `make` and `g++`;',
    '- `gcompat` / `libc6-compat` are there to run glibc binaries, which may still crash on musl.',
    '',
    'Reported on the shipped stages when such packages are installed next to `pip install` / `npm`',
    'installs (compilers) or at all (glibc compatibility). The glibc-based `-slim` image installs the',
    'prebuilt wheels and modules with no compiler, builds faster, and often ends up no larger.',
    '',
    '```dockerfile',
    '# Bad',
    'FROM python:3.12-alpine',
    'RUN apk add --no-cache gcc musl-dev libffi-dev && pip install --no-cache-dir cryptography',
    '# Good',
    'FROM python:3.12-slim',
    'RUN pip install --no-cache-dir cryptography',
    '```',
    ...DEV_CONTAINER_NOTE,
  ].join('\n'),
  check: perShippedStage((context, stage) => {
    const findings: RuleFinding[] = [];
    const reference = parseImageReference(rootStage(context, stage).baseImage);
    if (reference.variant !== 'alpine') return findings;
    const installsPackages = runsOf(context, stage).some((run) =>
      commandsOf(context, run).some((command) => /^pip3?$/.test(command.name) || command.name === 'npm' || command.name === 'yarn' || command.name === 'pnpm' || (command.name.startsWith('python') && command.args.includes('pip'))),
    );
    const slim = reference.entry && reference.entry.sizes.slim !== undefined
      ? `${reference.repository}:${tagVersion(reference.tag) || 'latest'}${reference.entry.slimSuffix ?? '-slim'}`.replace(':latest-', ':')
      : 'a Debian -slim image';
    for (const install of stageInstalls(context, stage).installs) {
      if (install.manager !== 'apk') continue;
      const glibc = install.packages.find((pkg) => GLIBC_COMPAT_PACKAGES.has(pkg.name.replace(/[=<>~].*$/, '')));
      if (glibc) {
        findings.push({
          range: glibc.range,
          message: `${glibc.name} is there to run glibc binaries on Alpine's musl, which is fragile (missing symbols, crashes at run time). Base the image on ${slim} (glibc) instead.`,
        });
        continue;
      }
      const compiler = installsPackages ? install.packages.find((pkg) => MUSL_COMPILE_SIGNS.has(pkg.name.replace(/[=<>~].*$/, ''))) : undefined;
      if (compiler) {
        findings.push({
          range: compiler.range,
          message: `${compiler.name} here means packages are compiled from source because their prebuilt (glibc) wheels or modules do not fit Alpine's musl. On ${slim} they install prebuilt, with no compiler: a faster build and often a smaller image.`,
        });
      }
    }
    return findings;
  }),
};
