import { defineConfig } from 'vitest/config';

// End-to-end tests: the built extension (`.output/chrome-mv3`) in a real headless Chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    // One browser per file, and files one at a time: two Chromiums on two cores only slow both.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A poll waits for what a user would wait for (a recording going live, a word arriving), not
    // vitest's default second: on a loaded machine those take longer, and a test that asserts
    // the end state then fails for the wrong reason.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
