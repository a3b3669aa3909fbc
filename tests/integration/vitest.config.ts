import { defineConfig } from 'vitest/config';

// Integration tests: the extension's own modules with real supabase-js, the local Auth, the real
// Edge Function under Deno and the Deepgram stand-in, all on loopback.
export default defineConfig({
  test: {
    include: ['tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
