import assert from 'node:assert/strict';
import { fixUntilStable } from '../../../../src/dockerfile/fixes';
import { lint } from '../../../../src/dockerfile/index';
import { findingsOf, ruleSpec } from '../spec';

const pipe = 'RUN wget -O - https://some.site | wc -l file > /number';

// Ported from hadolint's DL4006Spec.hs, plus the SHELL fix and where it is withheld.
ruleSpec('DL4006', {
  flags: [
    {
      dockerfile: `FROM debian:12\n${pipe}\n`,
      range: { start: { line: 1, character: 32 }, end: { line: 1, character: 33 } },
      fixed: `FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${pipe}\n`,
    },
    { dockerfile: `FROM alpine:3.20\n${pipe}\n`, fixed: `FROM alpine:3.20\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\n${pipe}\n` },
    // dash's echo expands \\n, bash's does not: switching the shell would change the file written.
    { dockerfile: `FROM debian:12\n${pipe}\nRUN echo 'a\\nb' > /etc/motd\n`, noFix: true },
    // Not certain to have bash: no fix.
    { dockerfile: `FROM scratch\n${pipe}\n`, line: 2, noFix: true },
    { dockerfile: `FROM gcr.io/distroless/base\n${pipe}\n`, noFix: true },
    { dockerfile: `FROM node:20-alpine\n${pipe}\n`, noFix: true },
    { dockerfile: `FROM scratch as build\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\n${pipe}\n`, line: 3, noFix: true },
    { dockerfile: `FROM scratch as build\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${pipe}\nFROM scratch as build2\n${pipe}\n`, count: 1, line: 5 },
    { dockerfile: `FROM scratch as build\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${pipe}\nSHELL ["/bin/sh", "-c"]\n${pipe}\n`, count: 1, line: 5 },
  ],
  passes: [
    // A pipe in a heredoc body that only writes a file is no pipe in the RUN's script.
    'FROM debian:12\nCOPY <<EOF /usr/local/bin/run.sh\ncat x | wc -l\nEOF\n',
    'FROM scratch as build\nRUN wget -O - https://some.site && wc -l file > /number\n',
    `FROM scratch as build\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\n${pipe}\n`,
    `FROM scratch as build\nSHELL ["/bin/bash", "-e", "-o", "pipefail", "-c"]\n${pipe}\n`,
    `FROM scratch as build\nSHELL ["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]\n${pipe}\n`,
    `FROM scratch as build\nSHELL ["/bin/zsh", "-o", "pipefail", "-c"]\n${pipe}\n`,
    `FROM scratch as build\nSHELL ["/usr/bin/bash", "-o", "pipefail", "-c"]\n${pipe}\n`,
    `FROM scratch as build\nSHELL ["/usr/local/bin/zsh", "-o", "pipefail", "-c"]\n${pipe}\n`,
    'FROM scratch as build\nSHELL ["pwsh", "-c"]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n',
    'FROM mcr.microsoft.com/powershell:ubuntu-16.04\nSHELL [ "pwsh", "-c" ]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n',
    'FROM mcr.microsoft.com/powershell:ubuntu-16.04\nSHELL [ "powershell.exe" ]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n',
    'FROM mcr.microsoft.com/powershell:ubuntu-16.04\nSHELL [ "cmd.exe", "/c" ]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n',
    'FROM debian:12\nRUN a || b\n',
  ],
});

describe('DL4006 fix on a stage with several piped RUNs', () => {
  it('adds one SHELL per stage, before its first piped RUN, when all fixes are applied', () => {
    const dockerfile = `FROM python:3.12-slim AS base\n${pipe}\nRUN echo ok\n${pipe}\nFROM base\n${pipe}\n`;
    const found = findingsOf('DL4006', dockerfile);
    assert.equal(found.length, 3);
    assert.ok(found.every((finding) => finding.fix), 'every finding offers the fix');
    const fixed = fixUntilStable(dockerfile, (text) => lint(text).findings.filter((finding) => finding.code === 'DL4006')).text;
    const shell = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';
    assert.equal(fixed, `FROM python:3.12-slim AS base\n${shell}\n${pipe}\nRUN echo ok\n${pipe}\nFROM base\n${shell}\n${pipe}\n`);
    assert.deepEqual(findingsOf('DL4006', fixed), []);
  });
});
