#!/usr/bin/env node
// Finds the Chromium the browser tests drive (playwright-core cannot download browsers here).
// Missing Chromium: as root with apt-get, install Debian's `chromium` and say so; otherwise fail
// with the command to run. Never skip silently.
import { accessSync, constants } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The path tests should launch: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Returns the Chromium path, installing Debian's package when possible; throws with instructions otherwise. */
export function ensureChromium(log = (msg) => console.log(msg)) {
  const file = chromiumPath();
  if (isExecutable(file)) return file;
  if (process.env.CHROMIUM_PATH) {
    throw new Error(
      `CHROMIUM_PATH=${file} is not an executable file. Point it at a Chromium binary, or unset it to use ${DEFAULT_CHROMIUM}.`,
    );
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasCommand('apt-get')) {
    log(`netmanifold: ${DEFAULT_CHROMIUM} not found; installing Debian's chromium: apt-get update && apt-get install -y chromium`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
    if (isExecutable(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;
    throw new Error(`apt-get install -y chromium finished but ${DEFAULT_CHROMIUM} is still missing.`);
  }
  throw new Error(
    `Chromium not found at ${DEFAULT_CHROMIUM}; the browser tests need it.\n` +
      `  Install it:  sudo apt-get install -y chromium\n` +
      `  or point to one:  CHROMIUM_PATH=/path/to/chromium npm test`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(ensureChromium());
  } catch (err) {
    console.error(`netmanifold: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
