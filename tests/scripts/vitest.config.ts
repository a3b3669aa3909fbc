import { defineConfig } from 'vitest/config';

// The developer tools: `npm start`, `npm run function`, `npm run bench` and the test builds, run
// as a developer runs them, each in its own processes.
export default defineConfig({
  test: {
    include: ['tests/scripts/**/*.test.ts'],
    environment: 'node',
    // Each file starts whole stacks: one at a time on two cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
