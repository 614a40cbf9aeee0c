import { ruleSpec } from '../spec';

ruleSpec('DL3028', {
  flags: [
    { dockerfile: 'RUN gem i bundler', range: { start: { line: 0, character: 10 }, end: { line: 0, character: 17 } }, noFix: true },
    'ONBUILD RUN gem i bundler',
    'RUN gem i bunlder:1 nokogiri',
    'RUN gem install bundler',
    'RUN gem install --no-document rails',
  ],
  passes: [
    'RUN gem i bundler:1',
    'RUN gem i bunlder:1 nokogirii:1',
    'RUN gem install bundler:1',
    "RUN gem install bundler -v '2.0.1'",
    "RUN gem install bundler --version '2.0.1'",
    "RUN gem install bundler --version='2.0.1'",
    'RUN gem install bundler:2.0.1 -- --use-system-libraries=true',
    'RUN gem install bundler:2.0.1 -- --use-system-libraries true',
    'RUN gem install bundler:2.0.1 --use-system-libraries true',
    'RUN gem install bundler:2.0.1 --use-system-libraries=true',
    'RUN gem update --system',
  ],
});
