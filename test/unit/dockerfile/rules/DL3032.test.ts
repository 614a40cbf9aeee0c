import { ruleSpec } from '../spec';

// Ported from hadolint's DL3032Spec.hs.
ruleSpec('DL3032', {
  flags: [
    {
      dockerfile: 'FROM centos:7\nRUN yum install -y mariadb-10.4\n',
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 31 } },
      fixed: 'FROM centos:7\nRUN yum install -y mariadb-10.4 && yum clean all\n',
    },
    {
      dockerfile: 'FROM centos:7\nRUN yum makecache && \\\n    yum install -y mariadb-10.4 || true\n',
      fixed: 'FROM centos:7\nRUN yum makecache && \\\n    yum install -y mariadb-10.4 || true && yum clean all\n',
    },
    // Where appending could land in a comment, a heredoc or JSON, no fix is offered.
    { dockerfile: 'FROM centos:7\nRUN yum install -y mariadb-10.4 # db\n', noFix: true },
    { dockerfile: 'FROM centos:7\nRUN ["yum", "install", "-y", "mariadb-10.4"]\n', noFix: true },
    { dockerfile: 'FROM centos:7\nRUN <<EOF\nyum install -y mariadb-10.4\nEOF\n', noFix: true },
    { dockerfile: 'FROM centos:7\nRUN yum install -y mariadb-10.4 \\\n    # trailing comment line\n', noFix: true },
    { dockerfile: 'FROM centos:7\nRUN yum install -y mariadb-10.4 &\n', noFix: true },
    { dockerfile: 'FROM centos:7\nONBUILD RUN yum install -y mariadb-10.4\n', line: 2, fixed: 'FROM centos:7\nONBUILD RUN yum install -y mariadb-10.4 && yum clean all\n' },
    { dockerfile: 'FROM centos:7\nRUN yum install -y mariadb-10.4\nRUN yum clean all\n', count: 1, line: 2 },
    { dockerfile: 'RUN yum clean all && yum install -y httpd-2.4.6\n', noFix: true },
  ],
  passes: [
    'FROM centos:7\nRUN yum install -y mariadb-10.4 && yum clean all\n',
    'FROM centos:7\nRUN bash -c `# not even a yum command`\n',
    'FROM centos:7\nONBUILD RUN yum install -y mariadb-10.4 && yum clean all\n',
    'FROM centos:7\nRUN yum makecache\n',
    'RUN yum install -y mariadb-10.4 && rm -rf /var/cache/yum/*\n',
  ],
});
