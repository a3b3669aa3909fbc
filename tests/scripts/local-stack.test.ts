import { readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SUPABASE_PORT,
  portTakenMessage,
  readSupabasePort,
} from '../../scripts/local-port.mjs';
import { startLocalStack } from '../../scripts/processes.mjs';
import { freePort, markedProcesses, tempFolder } from './run-command';

describe('readSupabasePort (TABSCRIBE_PORT)', () => {
  it.each([
    [undefined, { port: DEFAULT_SUPABASE_PORT }],
    ['', { port: DEFAULT_SUPABASE_PORT }],
    ['54400', { port: 54400 }],
    [' 54400 ', { port: 54400 }],
    ['80', { error: expect.stringMatching(/1024 to 65535, not "80"/) }],
    ['70000', { error: expect.stringMatching(/not "70000"/) }],
    ['54321x', { error: expect.stringMatching(/not "54321x"/) }],
  ])('%j → %j', (value, expected) => {
    expect(readSupabasePort(value)).toEqual(expected);
  });

  it('names another port to choose', () => {
    expect(portTakenMessage(54321)).toContain('TABSCRIBE_PORT=54331 npm start');
    expect(portTakenMessage(54400)).toContain('TABSCRIBE_PORT=54321 npm start');
  });
});

describe('startLocalStack, when a part cannot start', () => {
  const saved = { TMPDIR: process.env.TMPDIR, marker: process.env.TABSCRIBE_TEST_MARKER };
  let tmp = '';
  beforeEach(() => {
    // What the stack starts inherits these: its database folder and its processes are found again.
    tmp = tempFolder();
    process.env.TMPDIR = tmp;
    process.env.TABSCRIBE_TEST_MARKER = crypto.randomUUID();
  });
  afterEach(() => {
    for (const pid of markedProcesses(process.env.TABSCRIBE_TEST_MARKER ?? '')) {
      process.kill(pid, 'SIGKILL');
    }
    for (const [name, value] of Object.entries({
      TMPDIR: saved.TMPDIR,
      TABSCRIBE_TEST_MARKER: saved.marker,
    })) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  it('stops the parts already started and removes the database folder', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(port, '127.0.0.1', listening));
    try {
      await expect(
        startLocalStack({
          publishableKey: 'sb_publishable_t',
          deepgramApiKey: 'dg',
          supabasePort: port,
        }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      taken.close();
    }
    expect(markedProcesses(process.env.TABSCRIBE_TEST_MARKER ?? '')).toEqual([]);
    expect(readdirSync(tmp).filter((name) => name.startsWith('tabscribe-postgres-'))).toEqual([]);
  });
});
