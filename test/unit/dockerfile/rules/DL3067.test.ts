import { ruleSpec } from '../spec';

ruleSpec('DL3067', {
  flags: [
    { dockerfile: 'FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build / /\n', line: 3, noFix: true },
    'FROM scratch\nCOPY --from=build "/" "/"\n',
    'FROM scratch\nCOPY --from=build ["/", "/"]\n',
  ],
  passes: [
    'FROM scratch\nCOPY / /\n',
    'FROM scratch\nCOPY --from=build /app /\n',
    'FROM scratch\nCOPY --from=build / /app\n',
  ],
});
