// SD1003: the shipped image copies the whole build context and a build happens (there or in a build stage).
import type { Rule, RuleFinding } from '../../rule';
import {
  buildSteps, DEV_CONTAINER_NOTE, lineOf, shippedStages, unlessDevelopmentImage, wholeContextSource,
} from '../kit';

export const SD1003: Rule = {
  code: 'SD1003',
  source: 'stevedore',
  severity: 'warning',
  summary: 'The final image copies the whole source tree although the app is built: copy only the build output',
  explanation: [
    'When an app is compiled or bundled (`go build`, `mvn package`, `npm run build`, `tsc`, `dotnet',
    'publish`, `make`...), the image needs the output, not the sources, tests, docs and build files. A',
    '`COPY . .` in the final stage ships all of it (and the build\'s intermediate files when the build runs',
    'there too). Interpreted apps without a build step (a plain Python or Node app) are not reported.',
    '',
    '```dockerfile',
    '# Bad',
    'FROM golang:1.23 AS build',
    'WORKDIR /src',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app',
    'FROM gcr.io/distroless/static-debian12',
    'COPY . .',
    'COPY --from=build /out/app /app',
    '# Good',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=build /out/app /app',
    '```',
    ...DEV_CONTAINER_NOTE,
  ].join('\n'),
  check: unlessDevelopmentImage((context) => {
    const shipped = shippedStages(context);
    const buildElsewhere = context.stages
      .filter((stage) => !shipped.has(stage))
      .flatMap((stage) => buildSteps(context, stage))
      .find((step) => step.compiles);
    const findings: RuleFinding[] = [];
    for (const stage of shipped) {
      const stepsHere = buildSteps(context, stage).filter((step) => step.compiles);
      for (const instruction of stage.instructions) {
        const source = wholeContextSource(instruction);
        if (!source) continue;
        const line = instruction.getRange().start.line;
        const after = stepsHere.find((step) => step.command.instruction.getRange().start.line > line);
        if (after) {
          findings.push({
            range: source.range,
            message: `COPY ${source.value} puts the whole source tree into the final image, and \`${after.label}\` (line ${lineOf(after.command.instruction)}) builds it there: sources and intermediate files ship. Build in a "FROM ... AS build" stage and COPY --from=build only the output.`,
          });
        } else if (buildElsewhere) {
          findings.push({
            range: source.range,
            message: `COPY ${source.value} puts the whole source tree into the final image, although \`${buildElsewhere.label}\` (line ${lineOf(buildElsewhere.command.instruction)}) already builds it in another stage: copy only its output with COPY --from.`,
          });
        }
      }
    }
    return findings;
  }),
};
