#!/usr/bin/env node
// `npm test`: every test. The vitest unit suite (tests/unit/**), then the browser suite
// (tests/browser/**, Chromium via playwright-core). Ends with one line
// `netmanifold: N passed, M failed` and exits non-zero if anything failed.
// `npm test -- --no-build` reuses an existing dist/.
import { runBrowserSuite, wantsBuild } from './test-browser.mjs';
import { runVitestSuite, summaryLine } from './run-vitest.mjs';

const unit = runVitestSuite('unit', 'vitest.config.ts');
const browser = runBrowserSuite({ build: wantsBuild(process.argv.slice(2)) });
const total = {
  passed: unit.passed + browser.passed,
  failed: unit.failed + browser.failed,
  skipped: unit.skipped + browser.skipped,
};
console.log(`\nunit: ${summaryLine(unit).replace('netmanifold: ', '')}; browser: ${summaryLine(browser).replace('netmanifold: ', '')}`);
console.log(summaryLine(total));
process.exitCode = total.failed > 0 ? 1 : 0;
