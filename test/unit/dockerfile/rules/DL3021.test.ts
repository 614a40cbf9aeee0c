import { ruleSpec } from '../spec';

ruleSpec('DL3021', {
  flags: [
    { dockerfile: 'COPY foo bar baz', fixed: 'COPY foo bar baz/', range: { start: { line: 0, character: 13 }, end: { line: 0, character: 16 } } },
    { dockerfile: 'COPY --from=build a b "/app"', fixed: 'COPY --from=build a b "/app/"' },
    { dockerfile: 'COPY ["a", "b", "/app"]', fixed: 'COPY ["a", "b", "/app/"]' },
    { dockerfile: 'COPY a \\\n     b \\\n     /app', fixed: 'COPY a \\\n     b \\\n     /app/', line: 3 },
  ],
  passes: ['COPY foo bar', 'COPY foo bar baz/', 'COPY ["a", "b", "/app/"]', 'COPY *.json ./app', 'COPY <<EOF /etc/motd\nhello there world\nEOF\n', 'ADD a b c'],
});
