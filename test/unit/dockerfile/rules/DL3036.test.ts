import { ruleSpec } from '../spec';

// Ported from hadolint's DL3036Spec.hs.
ruleSpec('DL3036', {
  flags: [
    {
      dockerfile: 'FROM opensuse/leap:15.6\nRUN zypper install -y mariadb=10.4\n',
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 34 } },
      fixed: 'FROM opensuse/leap:15.6\nRUN zypper install -y mariadb=10.4 && zypper clean\n',
    },
    { dockerfile: 'FROM opensuse/leap:15.6\nONBUILD RUN zypper install -y mariadb=10.4\n', line: 2 },
    { dockerfile: 'FROM opensuse/leap:15.6\nRUN zypper clean && zypper in -y mariadb=10.4\n', line: 2, noFix: true },
  ],
  passes: [
    'FROM opensuse/leap:15.6\nRUN zypper install -y mariadb=10.4 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper install -y mariadb=10.4 && zypper cc\n',
    'FROM opensuse/leap:15.6\nONBUILD RUN zypper install -y mariadb=10.4 && zypper clean\n',
    'FROM opensuse/leap:15.6\nONBUILD RUN zypper install -y mariadb=10.4 && zypper cc\n',
    'FROM opensuse/leap:15.6\nRUN zypper refresh\n',
    'RUN --mount=type=cache,target=/var/cache/zypp zypper install -y mariadb\n',
    'RUN --mount=type=tmpfs,target=/var/cache/zypp zypper install -y mariadb\n',
  ],
});
