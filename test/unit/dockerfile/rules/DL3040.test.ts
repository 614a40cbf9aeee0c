import { ruleSpec } from '../spec';

// Ported from hadolint's DL3040Spec.hs.
ruleSpec('DL3040', {
  flags: [
    {
      dockerfile: 'FROM fedora:40\nRUN dnf install -y mariadb-10.4\n',
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 31 } },
      fixed: 'FROM fedora:40\nRUN dnf install -y mariadb-10.4 && dnf clean all\n',
    },
    { dockerfile: 'FROM ubi9-minimal\nRUN microdnf install -y mariadb-10.4\n', line: 2, fixed: 'FROM ubi9-minimal\nRUN microdnf install -y mariadb-10.4 && microdnf clean all\n' },
    { dockerfile: 'FROM fedora:40\nONBUILD RUN dnf install -y mariadb-10.4\n', line: 2 },
    { dockerfile: 'FROM fedora:40\nONBUILD RUN dnf install -y mariadb-10.4 && microdnf clean all\n', line: 2 },
    { dockerfile: 'FROM fedora:40\nONBUILD RUN microdnf install -y mariadb-10.4\n', line: 2 },
    { dockerfile: 'FROM fedora:40\nRUN microdnf clean all && dnf install -y mariadb-10.4\n', line: 2 },
    { dockerfile: 'FROM fedora:40\nRUN dnf clean all && dnf install -y mariadb-10.4\n', line: 2, noFix: true },
    'RUN dnf in -y mariadb-10.4\n',
    'RUN dnf -y up\n',
    'RUN dnf -y up-min\n',
    'RUN microdnf -y rei\n',
    { dockerfile: 'RUN rm -rf /var/cache/libdnf5 && dnf in -y mariadb-10.4\n', noFix: true },
    { dockerfile: 'RUN dnf upgrade-minimal -y\n', fixed: 'RUN dnf upgrade-minimal -y && dnf clean all\n' },
  ],
  passes: [
    'FROM fedora:40\nRUN dnf install -y mariadb-10.4 && dnf clean all\n',
    'FROM ubi9-minimal\nRUN microdnf install -y mariadb-10.4 && microdnf clean all\n',
    'FROM fedora:40\nRUN notdnf install mariadb\n',
    'FROM fedora:40\nONBUILD RUN dnf install -y mariadb-10.4 && dnf clean all\n',
    'FROM fedora:40\nRUN dnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*\n',
    'FROM ubi9-minimal\nRUN microdnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*\n',
    'RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y mariadb-10.4\n',
    'RUN --mount=type=tmpfs,target=/root/.cache/libdnf5 microdnf install -y mariadb-10.4\n',
    'RUN dnf in -y mariadb-10.4 && rm -rf /var/cache/libdnf5*\n',
  ],
});
