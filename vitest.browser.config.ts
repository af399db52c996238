import { defineConfig } from 'vitest/config';

// Browser suite: Node drives Chromium through playwright-core against the built app.
// One file at a time (each launches a browser and trains networks on 2 cores).
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/browser/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
    // expect.poll gives up after 1 s by default: under load (a busy core, other suites) a render or a
    // worker reply can take longer than that, so every poll without its own timeout gets 15 s.
    expect: { poll: { timeout: 15_000 } },
  },
});
