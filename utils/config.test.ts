import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEEPGRAM_LISTEN_URL, isLoopbackHost, readBuildConfig } from './config';

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

describe('plain http:// and ws:// only to this computer', () => {
  // The Supabase URL is read only with its key.
  const withKey = (name: string) =>
    name === 'WXT_SUPABASE_URL' ? { WXT_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_x' } : {};
  const refusal = (name: string, value: string) =>
    `${name} must use ${name === 'WXT_SUPABASE_URL' ? 'https' : 'wss'}:// for a service on another computer: "${value}" would travel unencrypted`;

  // [variable, value, accepted]
  const cases: [string, string, boolean][] = [
    ['WXT_SUPABASE_URL', 'https://abc.supabase.co', true],
    ['WXT_SUPABASE_URL', 'https://192.168.1.20:54321', true],
    ['WXT_SUPABASE_URL', 'http://127.0.0.1:54321', true],
    ['WXT_SUPABASE_URL', 'http://127.8.9.10:54321', true],
    ['WXT_SUPABASE_URL', 'http://localhost:54321', true],
    ['WXT_SUPABASE_URL', 'http://LOCALHOST:54321', true],
    ['WXT_SUPABASE_URL', 'http://[::1]:54321', true],
    ['WXT_SUPABASE_URL', 'http://abc.supabase.co', false],
    ['WXT_SUPABASE_URL', 'http://192.168.1.20:54321', false],
    ['WXT_SUPABASE_URL', 'http://128.0.0.1', false],
    ['WXT_SUPABASE_URL', 'http://127.0.0.1.example.com', false],
    ['WXT_SUPABASE_URL', 'http://localhost.example.com', false],
    ['WXT_SUPABASE_URL', 'http://[::2]', false],
    ['WXT_DEEPGRAM_LISTEN_URL', 'wss://api.deepgram.com/v1/listen', true],
    ['WXT_DEEPGRAM_LISTEN_URL', 'ws://127.0.0.1:8790/v1/listen', true],
    ['WXT_DEEPGRAM_LISTEN_URL', 'ws://localhost:8790/v1/listen', true],
    ['WXT_DEEPGRAM_LISTEN_URL', 'ws://[::1]:8790/v1/listen', true],
    ['WXT_DEEPGRAM_LISTEN_URL', 'ws://api.deepgram.com/v1/listen', false],
    ['WXT_DEEPGRAM_LISTEN_URL', 'ws://10.0.0.5:8790/v1/listen', false],
  ];
  for (const [name, value, accepted] of cases) {
    it(`${accepted ? 'accepts' : 'refuses'} ${name}=${value}`, () => {
      const build = () => readBuildConfig({ ...withKey(name), [name]: value });
      if (accepted) expect(build).not.toThrow();
      else expect(build).toThrow(refusal(name, value));
    });
  }

  it('knows this computer however the URL writes its address', () => {
    const hostOf = (url: string) => new URL(url).hostname;
    expect(isLoopbackHost(hostOf('http://127.1'))).toBe(true);
    expect(isLoopbackHost(hostOf('http://0x7f.0.0.1'))).toBe(true);
    expect(isLoopbackHost(hostOf('http://[0:0:0:0:0:0:0:1]'))).toBe(true);
    expect(isLoopbackHost(hostOf('http://2130706433'))).toBe(true);
    expect(isLoopbackHost(hostOf('http://[::ffff:10.0.0.1]'))).toBe(false);
    expect(isLoopbackHost(hostOf('http://0.0.0.0'))).toBe(false);
  });
});

describe('the release build', () => {
  it('`wxt build` stops before building, naming the variable, when a URL would travel unencrypted', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'tabscribe-release-'));
    try {
      const build = spawnSync(join(import.meta.dirname, '../node_modules/.bin/wxt'), ['build'], {
        cwd: join(import.meta.dirname, '..'),
        encoding: 'utf8',
        env: {
          ...process.env,
          TABSCRIBE_OUT_DIR: outDir,
          WXT_SUPABASE_URL: 'https://abc.supabase.co',
          WXT_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_x',
          WXT_DEEPGRAM_LISTEN_URL: 'ws://api.deepgram.com/v1/listen',
        },
      });
      expect(build.status).not.toBe(0);
      expect(`${build.stdout}${build.stderr}`).toContain(
        'WXT_DEEPGRAM_LISTEN_URL must use wss:// for a service on another computer',
      );
      expect(existsSync(join(outDir, 'chrome-mv3', 'manifest.json'))).toBe(false);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});
