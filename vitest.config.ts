import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests: beside the code they test, run against WXT's in-memory fake browser.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: [
      'build/**/*.test.ts',
      'utils/**/*.test.ts',
      'components/**/*.test.tsx',
      'tests/stand-ins/**/*.test.ts',
    ],
    restoreMocks: true,
  },
});
