import { ruleSpec } from '../spec';

// Ported from hadolint's DL3030Spec.hs, plus ranges and the fix.
ruleSpec('DL3030', {
  flags: [
    // A heredoc RUN is a script like any other; the fix lands inside its body.
    { dockerfile: 'FROM centos:7\nRUN <<EOF\nset -e\nyum install httpd-2.4.24\nyum clean all\nEOF\n', line: 4, fixed: 'FROM centos:7\nRUN <<EOF\nset -e\nyum install -y httpd-2.4.24\nyum clean all\nEOF\n' },
    // Exec form: the added word is a JSON string.
    { dockerfile: 'FROM centos:7\nRUN ["yum", "install", "httpd-2.4.24"]\n', fixed: 'FROM centos:7\nRUN ["yum", "install", "-y", "httpd-2.4.24"]\n' },
    {
      dockerfile: 'FROM centos:7\nRUN yum install httpd-2.4.24 && yum clean all\n',
      line: 2,
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 15 } },
      fixed: 'FROM centos:7\nRUN yum install -y httpd-2.4.24 && yum clean all\n',
    },
    { dockerfile: 'FROM centos:7\nONBUILD RUN yum install httpd-2.4.24 && yum clean all\n', line: 2 },
    { dockerfile: 'FROM centos:7\nRUN yum groupinstall "Development Tools" && yum clean all\n', fixed: 'FROM centos:7\nRUN yum groupinstall -y "Development Tools" && yum clean all\n' },
    { dockerfile: 'FROM centos:7\nRUN yum localinstall /tmp/x.rpm\n', count: 1 },
    { dockerfile: 'FROM centos:7\nRUN yum makecache && \\\n    yum install httpd-2.4.24\n', line: 3, fixed: 'FROM centos:7\nRUN yum makecache && \\\n    yum install -y httpd-2.4.24\n' },
  ],
  passes: [
    'FROM centos:7\nRUN yum install -y httpd-2.4.24 && yum clean all\n',
    'FROM centos:7\nRUN yum -y install httpd-2.4.24 && yum clean all\n',
    'FROM centos:7\nRUN yum install --assumeyes httpd-2.4.24\n',
    'FROM centos:7\nRUN yum install -qy httpd-2.4.24\n',
    'FROM centos:7\nRUN bash -c `# not even a yum command`\n',
    'FROM centos:7\nONBUILD RUN yum install -y httpd-2.4.24 && yum clean all\n',
    'FROM centos:7\nRUN yum update\n',
    'FROM centos:7\nRUN echo yum install httpd\n',
  ],
});
