'use strict';
// Mocha's spec output, plus the suite's totals appended to the file named by
// SCALE_TEST_TOTALS (one JSON line per run), which .ci/run adds up into its
// closing "N passed, N failed" line.
const fs = require('node:fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.SCALE_TEST_TOTALS;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      fs.appendFileSync(file, JSON.stringify({ suite: process.env.SCALE_TEST_SUITE || 'unit', passed: passes, failed: failures, skipped: pending }) + '\n');
    });
  }
}

module.exports = CountingReporter;
