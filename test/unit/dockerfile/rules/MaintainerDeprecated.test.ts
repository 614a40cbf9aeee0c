import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('MaintainerDeprecated', {
  flags: [
    {
      dockerfile: 'FROM alpine\nMAINTAINER Jane Doe <jane@example.com>\n',
      message: 'Maintainer instruction is deprecated in favor of using label',
      fixed: 'FROM alpine\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n',
    },
  ],
  passes: [
    ...wellBuiltCases,'FROM alpine\nLABEL org.opencontainers.image.authors="Jane"\n'],
});
