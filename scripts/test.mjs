#!/usr/bin/env node
// `npm test`: every test. First the static checks (eslint with the layer rules, prettier --check),
// then the vitest unit suite (tests/unit/**), then the browser suite (tests/browser/**, Chromium via
// playwright-core). Ends with one line `netmanifold: N passed, M failed` and exits non-zero if
// anything failed. A failed static check counts as one failure and says which command fixes it.
// `npm test -- --no-build` reuses an existing dist/.
import { spawnSync } from 'node:child_process';
import { runBrowserSuite, wantsBuild } from './test-browser.mjs';
import { runVitestSuite, summaryLine } from './run-vitest.mjs';

function staticCheck(name, args, fix) {
  const r = spawnSync('npx', args, { stdio: 'inherit' });
  if (r.status === 0) return { passed: 1, failed: 0, skipped: 0 };
  console.error(`\n${name} failed: ${fix}`);
  return { passed: 0, failed: 1, skipped: 0 };
}

const lint = staticCheck('lint', ['eslint', '.'], 'see the errors above (`npm run lint`); layer rules are in eslint.config.js');
const format = staticCheck(
  'format',
  ['prettier', '--check', '.', '--log-level', 'warn'],
  'run `npm run format` to rewrite the files listed above',
);
const unit = runVitestSuite('unit', 'vitest.config.ts');
const browser = runBrowserSuite({ build: wantsBuild(process.argv.slice(2)) });
const checks = { passed: lint.passed + format.passed, failed: lint.failed + format.failed, skipped: 0 };
const total = {
  passed: checks.passed + unit.passed + browser.passed,
  failed: checks.failed + unit.failed + browser.failed,
  skipped: unit.skipped + browser.skipped,
};
console.log(
  `\nstatic checks: ${checks.passed} passed, ${checks.failed} failed; unit: ${summaryLine(unit).replace('netmanifold: ', '')}; browser: ${summaryLine(browser).replace('netmanifold: ', '')}`,
);
console.log(summaryLine(total));
process.exitCode = total.failed > 0 ? 1 : 0;
