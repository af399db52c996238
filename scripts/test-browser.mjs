#!/usr/bin/env node
// The browser suite alone: `npm run test:browser [-- --no-build]`.
// Checks (or installs) Chromium, then runs tests/browser/** with vitest.browser.config.ts;
// the suite's global setup builds dist/ unless --no-build or NETMANIFOLD_NO_BUILD=1.
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';
import { runVitestSuite, summaryLine } from './run-vitest.mjs';

export function runBrowserSuite({ build = true } = {}) {
  try {
    const chromium = ensureChromium();
    console.log(`netmanifold: browser tests use ${chromium}`);
  } catch (err) {
    console.error(`netmanifold: ${err instanceof Error ? err.message : String(err)}`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const env = build ? {} : { NETMANIFOLD_NO_BUILD: '1' };
  return runVitestSuite('browser', 'vitest.browser.config.ts', env);
}

export function wantsBuild(argv) {
  return !argv.includes('--no-build') && process.env.NETMANIFOLD_NO_BUILD !== '1';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const counts = runBrowserSuite({ build: wantsBuild(process.argv.slice(2)) });
  console.log(`\n${summaryLine(counts)}`);
  process.exitCode = counts.failed > 0 ? 1 : 0;
}
