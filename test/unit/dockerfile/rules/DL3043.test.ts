import { ruleSpec } from '../spec';

// Ported from hadolint's DL3043Spec.hs.
ruleSpec('DL3043', {
  flags: [
    { dockerfile: 'FROM debian:12\nONBUILD ONBUILD RUN anything\n', range: { start: { line: 1, character: 8 }, end: { line: 1, character: 15 } }, noFix: true },
    { dockerfile: 'FROM debian:12\nONBUILD FROM debian:buster\n', line: 2 },
    { dockerfile: 'FROM debian:12\nONBUILD MAINTAINER "BoJack Horseman"\n', line: 2 },
    { dockerfile: 'FROM debian:12\nonbuild from debian:buster\n', line: 2 },
  ],
  passes: [
    'FROM debian:12\nONBUILD ADD anything anywhere\n',
    'FROM debian:12\nONBUILD USER anything\n',
    'FROM debian:12\nONBUILD LABEL bla="blubb"\n',
    'FROM debian:12\nONBUILD STOPSIGNAL anything\n',
    'FROM debian:12\nONBUILD COPY anything anywhere\n',
    'FROM debian:12\nONBUILD RUN anything\n',
    'FROM debian:12\nONBUILD CMD anything\n',
    'FROM debian:12\nONBUILD SHELL ["/bin/bash", "-c"]\n',
    'FROM debian:12\nONBUILD WORKDIR anything\n',
    'FROM debian:12\nONBUILD EXPOSE 69\n',
    'FROM debian:12\nONBUILD VOLUME anything\n',
    'FROM debian:12\nONBUILD ENTRYPOINT anything\n',
    'FROM debian:12\nONBUILD ENV MYVAR="bla"\n',
    'FROM debian:12\nONBUILD ARG anything\n',
    'FROM debian:12\nONBUILD HEALTHCHECK NONE\n',
    'FROM debian:buster\n',
    'FROM debian:12\nMAINTAINER "Some Guy"\n',
  ],
});
