import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('ExposeInvalidFormat', {
  flags: [
    { dockerfile: 'FROM alpine\nEXPOSE 127.0.0.1:80:80\n', message: "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'", fixed: 'FROM alpine\nEXPOSE 80\n' },
    { dockerfile: 'FROM alpine\nEXPOSE 8080:80/udp\n', fixed: 'FROM alpine\nEXPOSE 80/udp\n' },
  ],
  passes: [
    ...wellBuiltCases,'FROM alpine\nEXPOSE 80\n', 'FROM alpine\nEXPOSE 8000-8010/tcp\n'],
});
