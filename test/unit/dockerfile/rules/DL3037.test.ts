import { ruleSpec } from '../spec';

// Ported from hadolint's DL3037Spec.hs.
ruleSpec('DL3037', {
  flags: [
    {
      dockerfile: 'FROM opensuse/leap:15.6\nRUN zypper install -y tomcat && zypper clean\n',
      range: { start: { line: 1, character: 22 }, end: { line: 1, character: 28 } },
      noFix: true,
    },
    { dockerfile: 'FROM opensuse/leap:15.6\nONBUILD RUN zypper install -y tomcat && zypper clean\n', line: 2 },
    { dockerfile: 'FROM opensuse/leap:15.6\nRUN zypper in -y tomcat=9.0.39 vim\n', count: 1 },
  ],
  passes: [
    'FROM opensuse/leap:15.6\nRUN zypper install -y tomcat=9.0.39 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper install -y tomcat\\>=9.0 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper install -y tomcat\\>9.0 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper install -y tomcat\\<=9.0 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper install -y tomcat\\<9.0 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper install -y "tomcat>=9.0" && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper install -y tomcat-9.0.39-1.rpm && zypper clean\n',
    'FROM opensuse/leap:15.6\nONBUILD RUN zypper install -y tomcat=9.0.39 && zypper clean\n',
  ],
});
