import { ruleSpec } from '../spec';

ruleSpec('DL3015', {
  flags: [
    { dockerfile: 'RUN apt-get install python', fixed: 'RUN apt-get install --no-install-recommends python' },
    'ONBUILD RUN apt-get install python',
    { dockerfile: 'RUN apt-get -y install python', fixed: 'RUN apt-get -y install --no-install-recommends python' },
    { dockerfile: 'RUN ["apt-get", "install", "-y", "curl"]', fixed: 'RUN ["apt-get", "install", "--no-install-recommends", "-y", "curl"]' },
    { dockerfile: 'RUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n', fixed: 'RUN <<EOF\napt-get update\napt-get install --no-install-recommends -y curl\nEOF\n', line: 3 },
  ],
  passes: [
    'RUN apt-get install --no-install-recommends python',
    'RUN apt-get -o APT::Install-Recommends=false install python',
    'RUN apt-get update',
    'RUN apt-cache show python',
  ],
});
