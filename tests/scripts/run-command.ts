import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** A command run as a developer runs it, its every descendant marked so none can hide. */
export interface RunningCommand {
  child: ChildProcess;
  /** Its own temp folder (TMPDIR): whatever it leaves there, it left behind. */
  tmp: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the output so far once it matches; rejects if the command exits first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Its exit code (or signal), once it exits. */
  exited: Promise<number | NodeJS.Signals>;
  /** The processes still running that it started, wherever they were reparented. */
  survivors(): number[];
}

/**
 * Runs `command` from `cwd` (the project folder) with `env` added. Every process it starts inherits a
 * marker variable, found again in /proc/<pid>/environ, and a TMPDIR of its own.
 */
export function runCommand(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
): RunningCommand {
  const marker = randomUUID();
  const tmp = tempFolder();
  const child = spawn(command, args, {
    cwd,
    env: { ...developerEnv(), ...env, TMPDIR: tmp, TABSCRIBE_TEST_MARKER: marker },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | NodeJS.Signals>((done) =>
    child.once('exit', (code, signal) => done(code ?? (signal as NodeJS.Signals))),
  );
  return {
    child,
    tmp,
    output: () => output,
    exited,
    waitForOutput(pattern, timeoutMs = 90_000) {
      return new Promise((found, fail) => {
        const check = () => {
          if (!pattern.test(output)) return;
          finish();
          found(output);
        };
        const timer = setTimeout(() => {
          finish();
          fail(new Error(`No ${pattern} within ${timeoutMs} ms. Output:\n${output}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          if (!listeners.has(check)) return;
          finish();
          fail(new Error(`Exited before printing ${pattern}. Output:\n${output}`));
        });
        check();
      });
    },
    survivors: () => markedProcesses(marker),
  };
}

/** What Vitest adds to the environment of a test (its `import.meta.env`, and its own). */
const TEST_RUNNER_ENV = ['NODE_ENV', 'TEST', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'FORCE_TTY'];

/**
 * This environment as a developer's shell has it: with NODE_ENV=test and MODE=test, for one,
 * `wxt`'s watch mode builds in another mode and never reports a finished build.
 */
function developerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (TEST_RUNNER_ENV.includes(name) || name.startsWith('VITEST')) delete env[name];
  }
  return env;
}

/** The live processes (not zombies) whose environment carries `marker`. */
export function markedProcesses(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return (
          state !== 'Z' &&
          readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`TABSCRIBE_TEST_MARKER=${marker}`)
        );
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Polls until `condition` holds, or fails after `timeoutMs`. */
export async function eventually<T>(
  condition: () => T | Promise<T>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A temp folder as open as /tmp: under root, PostgreSQL runs as another user and works in it. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tabscribe-tools-test-'));
  chmodSync(folder, 0o1777);
  return folder;
}

export { freePort } from '../../scripts/local-port.mjs';
