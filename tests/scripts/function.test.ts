import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isPortFree } from '../../scripts/local-port.mjs';
import { eventually, freePort, ROOT, type RunningCommand, runCommand } from './run-command';

const running: RunningCommand[] = [];
afterEach(() => {
  for (const command of running.splice(0)) {
    for (const pid of command.survivors()) process.kill(pid, 'SIGKILL');
  }
});

describe('npm run function', () => {
  it("is supabase/README.md's whole recipe for running the function locally", () => {
    const readme = readFileSync(join(ROOT, 'supabase/README.md'), 'utf8');
    const recipe = /Run it locally[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(recipe).toBe('npm run function\n');
  });

  it('prints a token and a curl that mints a Deepgram token; SIGTERM stops every part', async () => {
    const port = await freePort();
    const fn = runCommand('npm', ['run', 'function', '--', '--port', String(port)]);
    running.push(fn);
    const output = await fn.waitForOutput(/Stop with Ctrl\+C/);
    const curl = /^curl .*$/m.exec(output)?.[0];
    expect(curl).toContain(`http://127.0.0.1:${port}/`);

    // The printed command, run as printed.
    const response = execFileSync('sh', ['-c', `${curl} --silent`], { encoding: 'utf8' });
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
    expect(body.token).toMatch(/^ey/);
    expect(body.expires_in).toBe(300);
    // The usage guard is on, with a database behind it: the same curl again is granted again.
    expect(execFileSync('sh', ['-c', `${curl} --silent`], { encoding: 'utf8' })).toMatch(
      /^HTTP\/1\.1 200/,
    );

    fn.child.kill('SIGTERM');
    await fn.exited;
    expect(await eventually(() => fn.survivors().length === 0)).toBe(true);
    expect(readdirSync(fn.tmp).filter((name) => name.startsWith('tabscribe-postgres-'))).toEqual(
      [],
    );
    expect(await isPortFree(port)).toBe(true);
  });
});
