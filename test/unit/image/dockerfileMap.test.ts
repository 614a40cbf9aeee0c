// Layers point at the Dockerfile line that made them, for both builders' history formats.
import { strict as assert } from 'node:assert';
import { commandSignature, mapLayersToDockerfile } from '../../../src/image/dockerfileMap';
import { readableCommand } from '../../../src/image/contents';
import type { ImageAnalysis, LayerSummary } from '../../../src/image/types';

function layers(createdBy: string[]): ImageAnalysis {
  const summaries: LayerSummary[] = createdBy.map((raw, index) => ({
    index, digest: `d${index}`, command: readableCommand(raw), sizeBytes: 0, files: 0, added: 0, modified: 0, removed: 0,
  }));
  return { image: 'x', sizeBytes: 0, efficiencyScore: 1, wastedBytes: 0, userWastedPercent: 0, reclaimableBytes: 0, layers: summaries, wasted: [], largestFiles: [] };
}

const dockerfile = [
  'FROM debian:bookworm AS build', // 1
  'RUN make', // 2
  'FROM scratch', // 3
  'COPY busybox /bin/busybox', // 4
  'RUN ["/bin/busybox","--install","-s","/bin"]', // 5
  'ENV A=1', // 6
  'RUN apk add \\', // 7
  '    curl && \\',
  '    rm -rf /var/cache',
  'COPY --from=build /out /app/', // 10
].join('\n');

describe('image engine: Dockerfile lines for layers', () => {
  it('maps classic-builder history to the final stage\'s instructions', () => {
    const analysis = mapLayersToDockerfile(
      layers([
        '/bin/sh -c #(nop) COPY file:abc in /bin/busybox ',
        '/bin/busybox --install -s /bin',
        '/bin/sh -c apk add     curl &&     rm -rf /var/cache',
        '/bin/sh -c #(nop) COPY dir:def in /app/ ',
      ]),
      dockerfile,
      'Dockerfile',
    );
    assert.deepEqual(analysis.layers.map((l) => l.source?.line), [4, 5, 7, 10]);
  });

  it('maps BuildKit history and leaves base-image layers without a line', () => {
    const analysis = mapLayersToDockerfile(
      layers(['/bin/sh -c #(nop) ADD file:base in / ', 'COPY busybox /bin/busybox # buildkit', 'RUN /bin/sh -c apk add     curl &&     rm -rf /var/cache # buildkit']),
      'FROM alpine\nCOPY busybox /bin/busybox\nRUN apk add \\\n    curl && \\\n    rm -rf /var/cache\n',
      'Dockerfile',
    );
    assert.deepEqual(analysis.layers.map((l) => l.source?.line), [undefined, 2, 3]);
  });

  it('reads the keyword and its argument from each history format', () => {
    assert.deepEqual(commandSignature('/bin/sh -c #(nop) COPY file:abc in /app/ '), { keyword: 'COPY', text: '/app' });
    assert.deepEqual(commandSignature('|2 A=1 B=2 /bin/sh -c make   all'), { keyword: 'RUN', text: 'make all' });
    assert.deepEqual(commandSignature('RUN /bin/sh -c make # buildkit'), { keyword: 'RUN', text: 'make' });
  });
});
