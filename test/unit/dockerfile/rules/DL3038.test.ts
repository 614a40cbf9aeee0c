import { ruleSpec } from '../spec';

// Ported from hadolint's DL3038Spec.hs, plus microdnf, ranges and the fix.
ruleSpec('DL3038', {
  flags: [
    { dockerfile: 'FROM fedora:40\nONBUILD RUN ["dnf", "install", "httpd"]\n', fixed: 'FROM fedora:40\nONBUILD RUN ["dnf", "install", "-y", "httpd"]\n' },
    {
      dockerfile: 'FROM fedora:40\nRUN dnf install httpd-2.4.24 && dnf clean all\n',
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 15 } },
      fixed: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.24 && dnf clean all\n',
    },
    { dockerfile: 'FROM fedora:40\nONBUILD RUN dnf install httpd-2.4.24 && dnf clean all\n', line: 2 },
    { dockerfile: 'FROM ubi9-minimal\nRUN microdnf install httpd\n', fixed: 'FROM ubi9-minimal\nRUN microdnf install -y httpd\n' },
    { dockerfile: 'FROM fedora:40\nRUN dnf groupinstall "Development Tools"\n', count: 1 },
  ],
  passes: [
    'FROM fedora:40\nRUN dnf install -y httpd-2.4.24 && dnf clean all\n',
    'FROM fedora:40\nRUN dnf --assumeyes install httpd-2.4.24\n',
    'FROM fedora:40\nRUN notdnf install httpd\n',
    'FROM fedora:40\nONBUILD RUN dnf install -y httpd-2.4.24 && dnf clean all\n',
    'FROM fedora:40\nRUN dnf upgrade --refresh\n',
  ],
});
