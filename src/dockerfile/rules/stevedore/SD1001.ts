// SD1001: the shipped image installs compilers, toolchains or -dev packages with the OS package manager.
import type { Rule, RuleFinding } from '../../rule';
import { isToolchainPackage, toolchainSize } from '../../data/packages';
import { formatSize } from '../../data/baseImages';
import { DEV_CONTAINER_NOTE, isMultiStage, lineOf, perShippedStage, removalOf, stageInstalls } from '../kit';

export const SD1001: Rule = {
  code: 'SD1001',
  source: 'stevedore',
  severity: 'warning',
  summary: 'The final image installs build tools (compilers, -dev packages, git): build in a separate stage',
  explanation: [
    'Compilers, headers and `*-dev` packages are needed to build, not to run. Installed in the stage that',
    'becomes the image (the last stage, or a stage it is built `FROM`), they ship to every host and enlarge',
    'the attack surface. `build-essential` alone is about 230 MB on `debian:bookworm-slim`.',
    '',
    'Not reported: packages removed again in the same RUN (`apk add --virtual .build-deps ... && apk del',
    '.build-deps`), installs in build stages. A removal in a *later* RUN does not help (the files stay in',
    'the earlier layer), and the message says so.',
    '',
    '```dockerfile',
    '# Bad',
    'FROM python:3.12-slim',
    'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \\',
    '    && rm -rf /var/lib/apt/lists/*',
    'COPY requirements.txt .',
    'RUN pip install --no-cache-dir -r requirements.txt',
    '',
    '# Good: build wheels in one stage, install them in a clean one',
    'FROM python:3.12-slim AS build',
    'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev',
    'COPY requirements.txt .',
    'RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt',
    '',
    'FROM python:3.12-slim',
    'RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*',
    'COPY --from=build /wheels /wheels',
    'RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels',
    '```',
    '',
    'Sizes come from `src/dockerfile/data/packages.ts` (approximate, Debian bookworm / Alpine 3.20).',
    ...DEV_CONTAINER_NOTE,
  ].join('\n'),
  check: perShippedStage((context, stage) => {
    const findings: RuleFinding[] = [];
    const installs = stageInstalls(context, stage);
    for (const install of installs.installs) {
      const kept = install.packages
        .filter((pkg) => isToolchainPackage(pkg.name) && !removalOf(installs, install, pkg.name)?.sameRun);
      if (kept.length === 0) continue;
      const names = kept.map((pkg) => pkg.name.replace(/[=<>].*$/, ''));
      const total = kept.reduce((sum, pkg) => sum + (toolchainSize(pkg.name) ?? 0), 0);
      const size = total > 0 ? ` (about ${formatSize(total).slice(1)})` : '';
      const laterRemoval = kept
        .map((pkg) => removalOf(installs, install, pkg.name))
        .find((removal) => removal && !removal.sameRun);
      const later = laterRemoval ? ` Removing them on line ${lineOf(laterRemoval.command.instruction)} does not help: a later RUN cannot shrink this layer.` : '';
      const where = stage.isFinal ? 'The final stage' : `Stage "${stage.name ?? stage.index}" (the final image is built FROM it)`;
      const advice = isMultiStage(context)
        ? `Install them in the build stage and COPY --from only the result`
        : `Split the Dockerfile: install and build in a "FROM ... AS build" stage, then COPY --from=build only the result into a clean final stage`;
      findings.push({
        range: kept[0].range,
        message: `${where} installs ${names.join(', ')}${size} and ships them: the image only needs them to build.${later} ${advice}; ${names.join(', ')} would stay in the build stage.`,
      });
    }
    return findings;
  }),
};
