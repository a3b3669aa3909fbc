import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isPortFree } from '../../scripts/local-port.mjs';
import { eventually, freePort, type RunningCommand, runCommand } from './run-command';

// No display: the test runs the stack and the watch-mode build, not a browser.
const NO_DISPLAY = { DISPLAY: '', WAYLAND_DISPLAY: '' };
/** The throwaway PostgreSQL folders in `tmp`. */
const databaseFolders = (tmp: string) =>
  readdirSync(tmp).filter((name) => name.startsWith('tabscribe-postgres-'));
const running: RunningCommand[] = [];
afterEach(async () => {
  for (const command of running.splice(0)) {
    for (const pid of command.survivors()) process.kill(pid, 'SIGKILL');
  }
});

describe('npm start', () => {
  it('stops every part and removes its database when the npm process gets SIGTERM', async () => {
    const port = await freePort();
    const start = runCommand('npm', ['start'], { ...NO_DISPLAY, TABSCRIBE_PORT: String(port) });
    running.push(start);
    await start.waitForOutput(/Built extension/);
    // The premise: the stack serves on the chosen port, its parts run, its database has a folder.
    expect(start.output()).toContain(`http://127.0.0.1:${port}`);
    expect(await isPortFree(port)).toBe(false);
    expect(start.survivors().length).toBeGreaterThanOrEqual(5);
    expect(databaseFolders(start.tmp)).toHaveLength(1);

    // What an IDE's stop button or `kill` does: a signal to npm alone, not to its group.
    start.child.kill('SIGTERM');
    await start.exited;
    expect(await eventually(() => start.survivors().length === 0)).toBe(true);
    expect(databaseFolders(start.tmp)).toEqual([]);
    expect(await isPortFree(port)).toBe(true);
  });

  it('says the port is taken and how to choose another, and leaves nothing running', async () => {
    const port = await freePort();
    const taken: Server = createServer();
    await new Promise<void>((listening) => taken.listen(port, '127.0.0.1', listening));
    try {
      const start = runCommand('npm', ['start'], { ...NO_DISPLAY, TABSCRIBE_PORT: String(port) });
      running.push(start);
      expect(await start.exited).not.toBe(0);
      expect(start.output()).toContain(`Port ${port} is already in use`);
      expect(start.output()).toMatch(/TABSCRIBE_PORT=\d+ npm start/);
      expect(start.survivors()).toEqual([]);
      expect(databaseFolders(start.tmp)).toEqual([]);
    } finally {
      taken.close();
    }
  });
});
