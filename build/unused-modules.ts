// Modules of a client package that the extension can never reach, left out of the build: each is
// replaced by a stub that throws when used. A bundler keeps a module that a kept class refers to
// (a getter, a method), even when that getter is never called; this is for those, and only those.
// Each entry is checked against the exact version it was read in (the package is pinned in
// package.json): another version stops the build until someone reads the package again. The
// checks in unused-modules.test.ts fail when the stubbed module becomes reachable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export interface UnusedModule {
  /** The package, as installed under node_modules. */
  packageName: string;
  /** The version the entry was checked against: the one package.json pins. */
  version: string;
  /** The module, inside the package. */
  file: string;
  /** The names it exports, each replaced by a class that throws when constructed. */
  exports: string[];
  /** Why the extension never needs it, and what leaving it out saves. */
  why: string;
}

export const UNUSED_MODULES: UnusedModule[] = [
  {
    packageName: '@deepgram/sdk',
    version: '5.13.0',
    file: 'dist/esm/api/resources/listen/resources/v1/resources/media/client/Client.mjs',
    exports: ['MediaClient'],
    why:
      "`V1Client`'s `media` getter builds Deepgram's pre-recorded (REST) client; the extension " +
      'only calls `connect()` (utils/recording/stream/listen-connection.ts). Kept, it and the ' +
      'REST fetcher it brings are ≈25 kB of the offscreen document.',
  },
];

/** The stub's source: every export a class whose construction says what was left out and why. */
export function stubSource(unused: UnusedModule): string {
  const message = JSON.stringify(
    `Tabscribe's build left ${unused.packageName}'s ${unused.file} out (build/unused-modules.ts): ` +
      `${unused.why} Something now uses it: remove it from UNUSED_MODULES.`,
  );
  return unused.exports
    .map((name) => `export class ${name} { constructor() { throw new Error(${message}); } }`)
    .join('\n');
}

/** The module's id as Vite resolves it (an absolute path, maybe with a query), `/`-separated. */
const isModule = (id: string, unused: UnusedModule) =>
  id
    .split('?')[0]
    ?.replaceAll('\\', '/')
    .endsWith(`/node_modules/${unused.packageName}/${unused.file}`);

const inPackage = (id: string, unused: UnusedModule) =>
  id.replaceAll('\\', '/').includes(`/node_modules/${unused.packageName}/`);

/** The installed version of a package, read from its package.json under `root`. */
export function installedVersion(root: string, packageName: string): string {
  const manifest = JSON.parse(
    readFileSync(join(root, 'node_modules', packageName, 'package.json'), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

/**
 * The Vite plugin: loads each unused module as its stub. Refuses to build with another version of
 * the package, and fails a build that bundles the package without passing the stubbed module
 * (the package was reorganised: the stub no longer leaves anything out).
 */
export function leaveOutUnusedModules(root: string, modules = UNUSED_MODULES): Plugin {
  const seen = new Set<UnusedModule>();
  const stubbed = new Set<UnusedModule>();
  return {
    name: 'tabscribe-unused-modules',
    enforce: 'pre',
    buildStart() {
      seen.clear();
      stubbed.clear();
      for (const unused of modules) {
        const installed = installedVersion(root, unused.packageName);
        if (installed !== unused.version) {
          this.error(
            `${unused.packageName} is ${installed}, but build/unused-modules.ts was checked against ` +
              `${unused.version}: check that ${unused.file} is still never used, then update it.`,
          );
        }
      }
    },
    load(id) {
      for (const unused of modules) {
        if (inPackage(id, unused)) seen.add(unused);
        if (isModule(id, unused)) {
          stubbed.add(unused);
          return stubSource(unused);
        }
      }
      return null;
    },
    buildEnd(error) {
      if (error) return;
      for (const unused of seen) {
        if (!stubbed.has(unused)) {
          this.error(
            `${unused.packageName} was bundled without ${unused.file}: build/unused-modules.ts ` +
              'leaves nothing out any more; update or remove its entry.',
          );
        }
      }
    },
  };
}
