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
  ],
  passes: [
    'FROM fedora:40\nRUN dnf install -y mariadb-10.4 && dnf clean all\n',
    'FROM ubi9-minimal\nRUN microdnf install -y mariadb-10.4 && microdnf clean all\n',
    'FROM fedora:40\nRUN notdnf install mariadb\n',
    'FROM fedora:40\nONBUILD RUN dnf install -y mariadb-10.4 && dnf clean all\n',
    'FROM fedora:40\nRUN dnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*\n',
    'FROM ubi9-minimal\nRUN microdnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*\n',
  ],
});
