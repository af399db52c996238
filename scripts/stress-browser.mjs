#!/usr/bin/env node
// The browser suite under load: `node scripts/stress-browser.mjs [--runs 3] [--hogs 1]`.
// Starts `--hogs` busy-loop processes (one core each), builds dist/ once, then runs the browser
// suite `--runs` times in a row against it and prints one line per run and a total. A flaky test
// (a DOM read that does not poll, a timing assumption) shows up here long before a clean clone fails.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runBrowserSuite } from './test-browser.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} takes a whole number (got ${process.argv[i + 1]})`);
  return v;
}

if (process.argv[2] === '--hog') {
  // A child: spin until the parent goes away.
  process.on('disconnect', () => process.exit(0));
  for (;;) Math.sqrt(Math.random());
}

const runs = option('runs', 3);
const hogCount = option('hogs', 1);
const self = fileURLToPath(import.meta.url);
const hogs = Array.from({ length: hogCount }, () => fork(self, ['--hog'], { stdio: 'ignore' }));
const stopHogs = () => hogs.forEach((h) => h.kill('SIGKILL'));
process.on('exit', stopHogs);
process.on('SIGINT', () => process.exit(130));

console.log(`netmanifold stress: ${hogCount} busy-loop process(es) started; building once, then ${runs} browser run(s)`);
const results = [];
for (let r = 0; r < runs; r++) {
  const started = Date.now();
  // The first run builds dist/ (global setup); later runs reuse it.
  const counts = runBrowserSuite({ build: r === 0 });
  results.push({ ...counts, seconds: (Date.now() - started) / 1000 });
}
stopHogs();
results.forEach((c, r) =>
  console.log(`stress run ${r + 1}/${runs}: ${c.passed} passed, ${c.failed} failed (${c.seconds.toFixed(0)} s, ${hogCount} hog(s))`),
);
const failed = results.reduce((a, c) => a + c.failed, 0);
const passed = results.reduce((a, c) => a + c.passed, 0);
console.log(`netmanifold stress: ${passed} passed, ${failed} failed over ${runs} runs`);
process.exitCode = failed > 0 ? 1 : 0;
