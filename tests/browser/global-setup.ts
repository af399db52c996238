// Runs once before the browser suite: checks (or installs) Chromium, then builds the app into dist/
// (skipped with NETMANIFOLD_NO_BUILD=1, which `node scripts/test-browser.mjs --no-build` sets).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';
import { DIST_DIR, REPO_ROOT } from './harness';

export default function setup(): void {
  ensureChromium(); // finds Chromium, installs Debian's when root, or fails saying how
  if (process.env.NETMANIFOLD_NO_BUILD === '1') {
    // Tests that need the app fail on their own (startStaticServer says what to do) if dist/ is missing.
    const state = existsSync(path.join(DIST_DIR, 'index.html')) ? 'the existing dist/' : 'no dist/ (none built yet)';
    console.log(`[browser tests] NETMANIFOLD_NO_BUILD=1: using ${state}`);
    return;
  }
  console.log('[browser tests] building the app: npx vite build');
  const vite = path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  try {
    // vitest sets NODE_ENV=test, which would build React's development runtime (jsxDEV, checks):
    // the tests must drive the production build a user gets from `npm run build`.
    execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', DIST_DIR, '--emptyOutDir'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } catch {
    throw new Error('vite build failed (its output is above); the browser tests need dist/');
  }
}
