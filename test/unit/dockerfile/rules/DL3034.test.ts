import { ruleSpec } from '../spec';

// Ported from hadolint's DL3034Spec.hs, plus the other subcommands, ranges and the fix.
ruleSpec('DL3034', {
  flags: [
    { dockerfile: 'FROM opensuse/leap:15.6\nRUN ["zypper", "install", "vim"]\n', fixed: 'FROM opensuse/leap:15.6\nRUN ["zypper", "--non-interactive", "install", "vim"]\n' },
    {
      dockerfile: 'FROM opensuse/leap:15.6\nRUN zypper install httpd=2.4.24 && zypper clean\n',
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 18 } },
      fixed: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive install httpd=2.4.24 && zypper clean\n',
    },
    { dockerfile: 'FROM opensuse/leap:15.6\nONBUILD RUN zypper install httpd=2.4.24 && zypper clean\n', line: 2 },
    { dockerfile: 'FROM opensuse/leap:15.6\nRUN zypper rm vim\n', fixed: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive rm vim\n' },
    { dockerfile: 'FROM opensuse/leap:15.6\nRUN zypper patch\n', count: 1 },
    { dockerfile: 'FROM opensuse/leap:15.6\nRUN zypper si httpd\n', count: 1 },
  ],
  passes: [
    'FROM opensuse/leap:15.6\nRUN zypper install -n httpd=2.4.24 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper install --non-interactive httpd=2.4.24 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.24 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper install --no-confirm httpd=2.4.24 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.24\n',
    'FROM opensuse/leap:15.6\nONBUILD RUN zypper install -y httpd=2.4.24 && zypper clean\n',
    'FROM opensuse/leap:15.6\nRUN zypper refresh\n',
  ],
});
