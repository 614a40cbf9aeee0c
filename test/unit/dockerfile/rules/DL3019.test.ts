import { ruleSpec } from '../spec';

ruleSpec('DL3019', {
  flags: [
    { dockerfile: 'RUN apk add flex=2.6.4-r1', fixed: 'RUN apk add --no-cache flex=2.6.4-r1', range: { start: { line: 0, character: 4 }, end: { line: 0, character: 11 } } },
    'ONBUILD RUN apk add flex=2.6.4-r1',
    'RUN --mount=type=cache,target=/var/cache/foo apk add -U curl=7.77.0',
    { dockerfile: 'RUN apk update && apk add --update curl=8', fixed: 'RUN apk update && apk add --no-cache --update curl=8' },
    'RUN --mount=type=tmpfs,target=/var/cache/foo apk add -U curl=7.77.0\n',
  ],
  passes: [
    'RUN apk add --no-cache flex=2.6.4-r1',
    'RUN --mount=type=cache,target=/var/cache/apk apk add -U curl=7.77.0',
    'RUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl=7.77.0',
    'RUN apk del curl',
    'RUN --mount=type=tmpfs,target=/var/cache/apk apk add -U curl=7.77.0\n',
  ],
});
