// SD2001: the final image is based on a full distribution/language image where a slim, Alpine,
// distroless or scratch runtime would do; sizes from the shipped base-image table.
import type { Rule, RuleFinding } from '../../rule';
import { formatSize, parseImageReference, tagVersion } from '../../data/baseImages';
import { DEV_CONTAINER_NOTE, imageWord, rootStage, unlessDevelopmentImage } from '../kit';

/** Below this saving (MB) a switch is not worth a finding. */
const MIN_SAVING = 30;

export const SD2001: Rule = {
  code: 'SD2001',
  source: 'stevedore',
  severity: 'info',
  summary: 'The final image is based on a full image where a slim, Alpine, distroless or scratch runtime fits',
  explanation: [
    'Full official images (`node:22`, `python:3.12`, `ruby:3.3`, `openjdk`, ...) carry compilers, headers',
    'and hundreds of packages so that anything can be built on them. The image you ship only needs to',
    'run. Toolchain images (`golang`, `rust`, `maven`, `gradle`, `gcc`, `dotnet/sdk`) should never be the',
    'final stage: build there, and copy the artifact into a runtime image.',
    '',
    'Only the image the final stage is built from is judged; build stages may be as big as they like.',
    'Sizes (approximate, uncompressed, linux/amd64) come from the table in',
    '`src/dockerfile/data/baseImages.ts`, which names its sources and date. A switch that saves less than',
    `${MIN_SAVING} MB is not reported.`,
    '',
    '**Alpine caution:** Alpine uses musl, not glibc. Python\'s manylinux wheels do not install (packages',
    'without a musllinux wheel compile from source), Node native modules need musl builds, and prebuilt',
    'glibc binaries do not run. `-slim` (Debian, glibc) avoids all of that for a bit more size.',
    '',
    '```dockerfile',
    '# Bad',
    'FROM golang:1.23',
    'COPY . .',
    'RUN go build -o /app',
    'CMD ["/app"]',
    '# Good',
    'FROM golang:1.23 AS build',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /app',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=build /app /app',
    'CMD ["/app"]',
    '```',
    ...DEV_CONTAINER_NOTE,
  ].join('\n'),
  check: unlessDevelopmentImage((context) => {
    const final = context.stages.find((stage) => stage.isFinal);
    if (!final) return [];
    const root = rootStage(context, final);
    const image = imageWord(context, root.from);
    if (!image) return [];
    const reference = parseImageReference(image.value);
    const entry = reference.entry;
    if (!entry || reference.variant !== 'full' || reference.repository.includes('$')) return [];
    const full = entry.sizes.full;
    if (!full) return [];
    const written = image.value;
    if (entry.toolchain && entry.runtime) {
      const { runtime } = entry;
      return [
        {
          range: image.range,
          message: `${written} (${formatSize(full)}) puts ${entry.what} into the final image. Build in a "FROM ${written} AS build" stage and copy the result into ${runtime.image} (${formatSize(runtime.size)}; ${runtime.note}): about ${formatSize(full - runtime.size).slice(1)} less.`,
        },
      ];
    }
    // Debian's codename is its version (`debian:bookworm-slim`); other images put the distribution after it.
    const version = reference.repository === 'debian' ? reference.tag.replace(/^latest$/, '') || 'stable' : tagVersion(reference.tag);
    const name = entry.variantsFrom ?? written.replace(/[:@].*$/, '').replace(/^(docker\.io\/)?(library\/)?/, '');
    const options: string[] = [];
    const slim = entry.sizes.slim;
    if (slim !== undefined && full - slim >= MIN_SAVING) {
      options.push(`${name}:${version}${version ? '' : 'latest'}${entry.slimSuffix ?? '-slim'}`.replace(':latest-', ':') + ` (${formatSize(slim)}, saves ${formatSize(full - slim)})`);
    }
    const alpine = entry.sizes.alpine;
    if (alpine !== undefined && full - alpine >= MIN_SAVING) {
      const tag = name === 'ubuntu' || name === 'debian' ? 'alpine' : `${name}:${version}${version ? '' : 'latest'}${entry.alpineSuffix ?? '-alpine'}`.replace(':latest-', ':');
      options.push(`${tag} (${formatSize(alpine)}, saves ${formatSize(full - alpine)}${entry.muslCaution ? `; musl: ${entry.muslCaution}` : ''})`);
    }
    if (options.length === 0) return [];
    const finding: RuleFinding = {
      range: image.range,
      message: `The final image is based on ${written}, ${entry.what} (${formatSize(full)}). If the app only needs to run here, a smaller base fits: ${options.join('; or ')}.`,
    };
    return [finding];
  }),
};
