import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD3007', {
  flags: [
    { dockerfile: 'FROM alpine\nADD https://example.com/tool-1.2.tar.gz /tmp/\n', range: { start: { line: 1, character: 4 }, end: { line: 1, character: 39 } }, message: /does not extract remote archives/ },
    { dockerfile: 'FROM alpine\nADD https://example.com/config.json /etc/app/\n', message: /without verifying it/ },
  ],
  passes: [
    ...wellBuiltCases,'FROM alpine\nADD app.tar.gz /opt/\n', 'FROM alpine\nCOPY config.json /etc/app/\n', 'FROM alpine\nADD https://github.com/moby/buildkit.git#v0.15.0 /src\n',
    // A heredoc body is file content, not a source.
    'FROM alpine\nADD <<EOF /etc/mirrors\nhttps://example.com/tool-1.2.tar.gz /tmp/\nEOF\n'],
});
