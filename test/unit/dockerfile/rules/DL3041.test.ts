import { ruleSpec } from '../spec';

// Ported from hadolint's DL3041Spec.hs.
ruleSpec('DL3041', {
  flags: [
    {
      dockerfile: 'FROM fedora:40\nRUN dnf install -y tomcat && dnf clean all\n',
      range: { start: { line: 1, character: 19 }, end: { line: 1, character: 25 } },
      noFix: true,
    },
    'FROM fedora:40\nRUN microdnf install -y tomcat && microdnf clean all\n',
    'FROM fedora:40\nONBUILD RUN dnf install -y tomcat && dnf clean all\n',
    'FROM fedora:40\nRUN dnf install -y rpm-sign && dnf clean all\n',
    'FROM fedora:40\nRUN microdnf install -y rpm-sign && microdnf clean all\n',
    'FROM fedora:40\nONBUILD RUN dnf install -y rpm-sign && dnf clean all\n',
    'FROM fedora:40\nRUN dnf module install -y tomcat && dnf clean all\n',
    'FROM fedora:40\nRUN microdnf module install -y tomcat && microdnf clean all\n',
    'FROM fedora:40\nONBUILD RUN dnf module install -y tomcat && dnf clean all\n',
    'FROM fedora:40\nRUN dnf install -y "git-core-${GIT_VER}" && dnf clean all\n',
    'FROM fedora:42 AS build\nENV version=2.51.0-2.fc42\nFROM fedora:42\nRUN dnf -y install git-core-${version}\n',
  ],
  passes: [
    'FROM fedora:40\nRUN dnf install -y tomcat-9.0.1 && dnf clean all\n',
    'FROM fedora:40\nRUN microdnf install -y tomcat-9.0.1 && microdnf clean all\n',
    'FROM fedora:40\nONBUILD RUN dnf install -y tomcat-9.0.1 && dnf clean all\n',
    'FROM fedora:40\nRUN notdnf install openssl-1:1.1.1k\n',
    'FROM fedora:40\nRUN notdnf install tomcat\n',
    'FROM fedora:40\nRUN dnf install -y rpm-sign-4.16.1.3 && dnf clean all\n',
    'FROM fedora:40\nRUN microdnf install -y rpm-sign-4.16.1.3 && microdnf clean all\n',
    'FROM fedora:40\nRUN dnf install -y gcc-c++-1.1.1\n',
    'FROM fedora:40\nRUN microdnf install -y gcc-c++-1.1.1\n',
    'FROM fedora:40\nRUN dnf install -y openssl-1:1.1.1k\n',
    'FROM fedora:40\nRUN microdnf install -y openssl-1:1.1.1k\n',
    'FROM fedora:40\nRUN dnf module install -y tomcat:9 && dnf clean all\n',
    'FROM fedora:40\nRUN microdnf module install -y tomcat:9 && microdnf clean all\n',
    'FROM fedora:40\nRUN notdnf module install tomcat\n',
    'FROM fedora:40\nARG GIT_VER\nRUN dnf install -y "git-core-${GIT_VER}" && dnf clean all\n',
    'FROM fedora:40\nARG VERSION\nRUN dnf install -y "rpm-sign-${VERSION}" && dnf clean all\n',
    'FROM fedora:40\nARG VERSION\nRUN dnf install -y tomcat-$VERSION && dnf clean all\n',
    'FROM fedora:40\nARG GIT_VER\nRUN microdnf install -y "git-core-${GIT_VER}" && microdnf clean all\n',
    'FROM fedora:40\nRUN dnf group install -y "Development Tools" && dnf clean all\n',
    'ARG version=2.51.0-2.fc42\nFROM fedora:42\nRUN dnf -y install git-core-${version}\n',
  ],
});
