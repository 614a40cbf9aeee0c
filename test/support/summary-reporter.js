// Mocha reporter: the spec output people know, plus the counts written to
// STEVEDORE_SUMMARY_FILE so scripts/test.mjs can sum every layer into one line.
'use strict';
const Mocha = require('mocha');
const { writeFileSync } = require('node:fs');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const counts = { passed: 0, failed: 0, skipped: 0 };
    runner.on('pass', () => counts.passed++);
    runner.on('fail', () => counts.failed++);
    runner.on('pending', () => counts.skipped++);
    runner.once('end', () => {
      const file = process.env.STEVEDORE_SUMMARY_FILE;
      if (file) writeFileSync(file, JSON.stringify(counts));
    });
  }
}
module.exports = SummaryReporter;
