import { ruleSpec } from '../spec';

// Ported from hadolint's DL3033Spec.hs.
ruleSpec('DL3033', {
  flags: [
    {
      dockerfile: 'FROM centos:7\nRUN yum install -y tomcat && yum clean all\n',
      range: { start: { line: 1, character: 19 }, end: { line: 1, character: 25 } },
      noFix: true,
    },
    { dockerfile: 'FROM centos:7\nONBUILD RUN yum install -y tomcat && yum clean all\n', line: 2 },
    { dockerfile: 'FROM centos:7\nRUN yum module install -y tomcat && yum clean all\n', line: 2 },
    { dockerfile: 'FROM centos:7\nONBUILD RUN yum module install -y tomcat && yum clean all\n', line: 2 },
    { dockerfile: 'FROM centos:7\nRUN yum install -y tomcat-9.2 httpd vim\n', count: 1, range: { start: { line: 1, character: 30 }, end: { line: 1, character: 35 } } },
    'FROM centos:7\nRUN yum install -y "git-core-${GIT_VER}" && yum clean all\n',
    'FROM fedora:42 AS build\nENV version=2.51.0-2.fc42\nFROM fedora:42\nRUN yum -y install git-core-${version}\n',
  ],
  passes: [
    'FROM centos:7\nRUN yum install -y tomcat-9.2 && yum clean all\n',
    'FROM centos:7\nRUN bash -c `# not even a yum command`\n',
    'FROM centos:7\nRUN yum install -y openssl-1:1.1.1k\n',
    'FROM centos:7\nRUN yum install -y rpm-sign-4.16.1.3\n',
    'FROM centos:7\nRUN yum install -y gcc-c++-1.1.1\n',
    'FROM centos:7\nRUN yum install -y /tmp/local.rpm\n',
    'FROM centos:7\nRUN yum module install -y tomcat:9 && yum clean all\n',
    'FROM centos:7\nONBUILD RUN yum module install -y tomcat:9 && yum clean all\n',
    'FROM centos:7\nARG GIT_VER\nRUN yum install -y "git-core-${GIT_VER}" && yum clean all\n',
    'FROM centos:7\nARG WHICH_VERSION\nRUN yum install -y "which-${WHICH_VERSION}" && yum clean all\n',
    'FROM centos:7\nARG VERSION\nRUN yum install -y "rpm-sign-${VERSION}" && yum clean all\n',
    'FROM centos:7\nARG VERSION\nRUN yum install -y tomcat-$VERSION && yum clean all\n',
    'FROM centos:7\nARG GIT_VER\nONBUILD RUN yum install -y "git-core-${GIT_VER}" && yum clean all\n',
    'FROM fedora:42 AS build\nENV version=2.51.0-2.fc42\nFROM build\nRUN yum -y install git-core-${version}\n',
    'FROM centos:7\nRUN yum install -y ./local.rpm\n',
  ],
});
