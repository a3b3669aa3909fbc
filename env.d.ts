// The build-time variables the extension reads (see .env.example and utils/config.ts).
interface ImportMetaEnv {
  readonly WXT_SUPABASE_URL?: string;
  readonly WXT_SUPABASE_PUBLISHABLE_KEY?: string;
  readonly WXT_DEEPGRAM_LISTEN_URL?: string;
  /** '1' in test builds only (scripts/configured-build.mjs): the history page hands benchmarks its store. */
  readonly WXT_TABSCRIBE_TEST_HOOKS?: string;
}
