import { ruleSpec } from '../spec';

// Ported from hadolint's DL3032Spec.hs.
ruleSpec('DL3032', {
  flags: [
    {
      dockerfile: 'FROM centos:7\nRUN yum install -y mariadb-10.4\n',
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 31 } },
      noFix: true,
    },
    { dockerfile: 'FROM centos:7\nONBUILD RUN yum install -y mariadb-10.4\n', line: 2 },
    { dockerfile: 'FROM centos:7\nRUN yum install -y mariadb-10.4\nRUN yum clean all\n', count: 1, line: 2 },
  ],
  passes: [
    'FROM centos:7\nRUN yum install -y mariadb-10.4 && yum clean all\n',
    'FROM centos:7\nRUN bash -c `# not even a yum command`\n',
    'FROM centos:7\nONBUILD RUN yum install -y mariadb-10.4 && yum clean all\n',
    'FROM centos:7\nRUN yum makecache\n',
  ],
});
