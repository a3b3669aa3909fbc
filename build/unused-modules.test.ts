import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  installedVersion,
  leaveOutUnusedModules,
  stubSource,
  UNUSED_MODULES,
  type UnusedModule,
} from './unused-modules';

// What makes leaving a module out safe, checked against the installed packages: these fail when
// an upgrade (or new code of ours) makes a stubbed module reachable, before any build ships it.

const ROOT = join(import.meta.dirname, '..');
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');
const packageDir = (unused: UnusedModule) => join(ROOT, 'node_modules', unused.packageName);

/** Every `.mjs`/`.js` file of a package's folder, relative to it. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.m?js$/.test(file))
    .map((file) => file.replaceAll('\\', '/'));
}

/** The files (relative to `dir`) that import `target` (relative to `dir` too). */
function importersOf(dir: string, target: string): string[] {
  return filesOf(dir).filter((file) =>
    [...read(relative(ROOT, join(dir, file))).matchAll(/from\s*["'](\.{1,2}\/[^"']+)["']/g)].some(
      (match) => join(dir, file, '..', match[1] as string) === join(dir, target),
    ),
  );
}

describe('the modules left out of the build', () => {
  it('are checked against the version package.json pins, which is the one installed', () => {
    const pinned = JSON.parse(read('package.json')).dependencies as Record<string, string>;
    for (const unused of UNUSED_MODULES) {
      expect(pinned[unused.packageName]).toBe(unused.version);
      expect(installedVersion(ROOT, unused.packageName)).toBe(unused.version);
    }
  });

  it('export exactly the names their stubs replace', () => {
    for (const unused of UNUSED_MODULES) {
      const source = read('node_modules', unused.packageName, unused.file);
      const exported = [...source.matchAll(/^export (?:class|function|const) (\w+)/gm)].map(
        (match) => match[1],
      );
      expect(exported).toEqual(unused.exports);
    }
  });

  it("@deepgram/sdk: MediaClient is reached only through V1Client's `media` getter", () => {
    const [unused] = UNUSED_MODULES.filter((entry) => entry.exports.includes('MediaClient'));
    if (!unused) throw new Error('no MediaClient entry');
    const v1 = 'dist/esm/api/resources/listen/resources/v1';
    expect(importersOf(packageDir(unused), unused.file).sort()).toEqual([
      `${v1}/client/Client.mjs`,
      `${v1}/resources/media/exports.mjs`,
    ]);
    // The one construction is the getter's, which is never read (below).
    const client = read('node_modules', unused.packageName, `${v1}/client/Client.mjs`);
    expect(client.match(/MediaClient\(/g)).toHaveLength(1);
    expect(client).toMatch(/get media\(\) \{[^}]*new MediaClient\(this\._options\)\)\);\s*\}/);
    // Nothing of ours imports the media exports, and the V1Client we make is never asked for them.
    const connection = read('utils/recording/stream/listen-connection.ts');
    expect(connection).toContain("from '@deepgram/sdk/listen/v1'");
    expect(connection).not.toMatch(/\.media\b|MediaClient/);
  });

  it('throw, naming what was left out, when something constructs them after all', () => {
    for (const unused of UNUSED_MODULES) {
      for (const name of unused.exports) {
        const source = stubSource(unused)
          .split('\n')
          .find((line) => line.includes(`class ${name} `));
        const Stub = new Function(
          `return ${source?.replace(/^export /, '')}`,
        )() as new () => unknown;
        expect(() => new Stub()).toThrow(`left ${unused.packageName}'s ${unused.file} out`);
      }
    }
  });
});

describe('leaveOutUnusedModules', () => {
  const unused: UnusedModule = {
    packageName: '@deepgram/sdk',
    version: installedVersion(ROOT, '@deepgram/sdk'),
    file: 'dist/esm/unused.mjs',
    exports: ['Unused'],
    why: 'a test.',
  };
  type Hook = (this: unknown, ...args: unknown[]) => unknown;
  const context = {
    error(message: string): never {
      throw new Error(message);
    },
  };
  const hooks = (modules: UnusedModule[]) => {
    const plugin = leaveOutUnusedModules(ROOT, modules);
    return {
      buildStart: () => (plugin.buildStart as Hook).call(context),
      load: (id: string) => (plugin.load as Hook).call(context, id),
      buildEnd: () => (plugin.buildEnd as Hook).call(context),
    };
  };
  const inPackage = (file: string) => `/x/node_modules/@deepgram/sdk/${file}`;

  it('loads the stub for the module, and nothing else', () => {
    const plugin = hooks([unused]);
    plugin.buildStart();
    expect(plugin.load(inPackage('dist/esm/other.mjs'))).toBeNull();
    expect(plugin.load(`${inPackage(unused.file)}?v=1`)).toBe(stubSource(unused));
    expect(() => plugin.buildEnd()).not.toThrow();
  });

  it('refuses another version of the package', () => {
    const plugin = hooks([{ ...unused, version: '0.0.1' }]);
    expect(() => plugin.buildStart()).toThrow('check that dist/esm/unused.mjs is still never used');
  });

  it('fails a build that bundled the package without passing the module', () => {
    const plugin = hooks([unused]);
    plugin.buildStart();
    plugin.load(inPackage('dist/esm/other.mjs'));
    expect(() => plugin.buildEnd()).toThrow('leaves nothing out any more');
  });
});
