import { describe, expect, it } from 'vitest';
import { DEFAULT_DEEPGRAM_LISTEN_URL, readBuildConfig } from './config';

describe('readBuildConfig', () => {
  it('builds without a Supabase project, talking to Deepgram’s real endpoint', () => {
    expect(readBuildConfig({})).toEqual({
      supabase: null,
      deepgramListenUrl: DEFAULT_DEEPGRAM_LISTEN_URL,
    });
  });

  it('reads a full configuration and drops a trailing slash from the Supabase URL', () => {
    expect(
      readBuildConfig({
        WXT_SUPABASE_URL: 'http://127.0.0.1:54321/',
        WXT_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_local',
        WXT_DEEPGRAM_LISTEN_URL: 'ws://127.0.0.1:8790/v1/listen',
      }),
    ).toEqual({
      supabase: { url: 'http://127.0.0.1:54321', publishableKey: 'sb_publishable_local' },
      deepgramListenUrl: 'ws://127.0.0.1:8790/v1/listen',
    });
  });

  it('treats blank values as unset', () => {
    expect(
      readBuildConfig({
        WXT_SUPABASE_URL: '  ',
        WXT_SUPABASE_PUBLISHABLE_KEY: '',
        WXT_DEEPGRAM_LISTEN_URL: '',
      }),
    ).toEqual({ supabase: null, deepgramListenUrl: DEFAULT_DEEPGRAM_LISTEN_URL });
  });

  it('refuses half a Supabase configuration', () => {
    expect(() => readBuildConfig({ WXT_SUPABASE_URL: 'https://x.supabase.co' })).toThrow(
      /Set both WXT_SUPABASE_URL and WXT_SUPABASE_PUBLISHABLE_KEY/,
    );
    expect(() => readBuildConfig({ WXT_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_x' })).toThrow(
      /Set both/,
    );
  });

  it('names the variable that holds something other than a usable URL', () => {
    expect(() =>
      readBuildConfig({ WXT_SUPABASE_URL: 'x.supabase.co', WXT_SUPABASE_PUBLISHABLE_KEY: 'k' }),
    ).toThrow('WXT_SUPABASE_URL is not a URL: "x.supabase.co".');
    expect(() =>
      readBuildConfig({ WXT_DEEPGRAM_LISTEN_URL: 'https://api.deepgram.com/v1/listen' }),
    ).toThrow('WXT_DEEPGRAM_LISTEN_URL must start with ws:// or wss://');
  });
});
