import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('ExposeProtoCasing', {
  flags: [
    { dockerfile: 'FROM alpine\nEXPOSE 80/TCP 53/Udp\n', count: 2, message: "Defined protocol '80/TCP' in EXPOSE instruction should be lowercase", fixed: 'FROM alpine\nEXPOSE 80/tcp 53/udp\n' },
  ],
  passes: [
    ...wellBuiltCases,'FROM alpine\nEXPOSE 80/tcp 80\n', 'FROM alpine\nEXPOSE $PORT\n'],
});
