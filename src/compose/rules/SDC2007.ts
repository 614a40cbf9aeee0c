// SDC2007: json-file logging (Docker's default) without max-size: the log grows until the disk is full.
import type { ComposeRule, ComposeRuleFinding } from './rule';
import { keyRange, mapIn, pairIn, scalarText, setIn, valueIn, type YamlTree } from './kit';

export const SDC2007: ComposeRule = {
  code: 'SDC2007',
  source: 'stevedore',
  severity: 'info',
  summary: '`json-file` logging without `max-size` / `max-file`: the log grows until the disk is full',
  explanation: [
    'Docker\'s default logging driver, `json-file`, keeps everything a container prints, in one file that',
    'is never rotated unless `max-size` is set; a chatty service fills the disk. Set `max-size` and',
    '`max-file` (or use the `local` driver, which rotates by default). A daemon-wide `log-opts` in',
    '`/etc/docker/daemon.json` also works; Stevedore cannot see it, so ignore the rule then.',
    '',
    '```yaml',
    '# Good',
    '    logging:',
    '      driver: json-file',
    '      options:',
    '        max-size: "10m"',
    '        max-file: "3"',
    '```',
    '',
    'Reported on services with no `logging:` (the default driver) and on `driver: json-file`.',
    'Quick fix: add those options (10 MB × 3 files per container).',
  ].join('\n'),
  check(context) {
    const findings: ComposeRuleFinding[] = [];
    for (const service of context.services) {
      if (!service.map) continue;
      const loggingPair = pairIn(context.document, service.map, 'logging');
      const logging = mapIn(context.document, service.map, 'logging');
      if (loggingPair && !logging) continue;
      const driver = scalarText(valueIn(context.document, logging, 'driver')) ?? 'json-file';
      if (driver !== 'json-file') continue;
      const options = mapIn(context.document, logging, 'options');
      const hasSize = !!pairIn(context.document, options, 'max-size');
      const hasFiles = !!pairIn(context.document, options, 'max-file');
      if (hasSize && hasFiles) continue;
      const wanted: YamlTree = {};
      if (!hasSize) wanted['max-size'] = '"10m"';
      if (!hasFiles) wanted['max-file'] = '"3"';
      const tree: YamlTree = logging ? { options: wanted } : { logging: { driver: 'json-file', options: wanted } };
      const edits = setIn(context, logging ?? service.map, tree);
      const missing = [!hasSize ? 'max-size' : '', !hasFiles ? 'max-file' : ''].filter(Boolean).join(' and ');
      findings.push({
        range: loggingPair ? keyRange(context, loggingPair) : keyRange(context, service.pair),
        message: logging
          ? `Service '${service.name}' logs with json-file without ${missing}: ${hasSize ? 'old files are kept forever' : 'the log grows until the disk is full'}. Add options ${missing}.`
          : `Service '${service.name}' logs with Docker's default json-file driver, never rotated: the log grows until the disk is full. Add logging options max-size and max-file.`,
        fix: edits ? { title: `Rotate the log (max-size 10m, max-file 3)`, edits } : undefined,
      });
    }
    return findings;
  },
};
