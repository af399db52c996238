// Runs one vitest suite with the default reporter for humans and the JSON reporter for counting.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VITEST = path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');

/**
 * Runs `vitest run` with `config`, writing tests/output/<name>-results.json.
 * Returns { passed, failed, skipped }; a suite that crashes or errors outside any test counts
 * as at least one failure, so nothing can fail silently.
 */
export function runVitestSuite(name, config, env = {}) {
  const outDir = path.join(REPO_ROOT, 'tests/output');
  mkdirSync(outDir, { recursive: true });
  const jsonFile = path.join(outDir, `${name}-results.json`);
  rmSync(jsonFile, { force: true });
  console.log(`\n=== netmanifold ${name} tests (vitest --config ${config}) ===\n`);
  const res = spawnSync(
    process.execPath,
    [VITEST, 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`],
    { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } },
  );
  const exitCode = res.status ?? 1;
  if (!existsSync(jsonFile)) {
    console.error(`netmanifold: the ${name} suite wrote no results (vitest exit ${exitCode}); counting it as 1 failure`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that failed to load or whose hooks threw has no failing test of its own: count the file.
  for (const file of report.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
      console.error(`netmanifold: ${path.relative(REPO_ROOT, file.name)} failed outside any test: ${file.message ?? ''}`);
      failed += 1;
    }
  }
  if (exitCode !== 0 && failed === 0) {
    console.error(`netmanifold: vitest exited ${exitCode} for the ${name} suite with no failing test; counting 1 failure`);
    failed = 1;
  }
  return { passed, failed, skipped };
}

/** The one summary line `npm test` ends with. */
export function summaryLine({ passed, failed, skipped }) {
  return `netmanifold: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}
