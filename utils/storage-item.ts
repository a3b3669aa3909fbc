import { nativeBrowser } from '../utils/native-browser';

/**
 * A value kept in one `browser.storage` area under one key, with a fallback while none is stored:
 * the part of WXT's `storage.defineItem` (`@wxt-dev/storage`) the extension uses, stored exactly
 * as it stores it, so either reads what the other wrote. WXT's whole module (snapshots, metadata,
 * batches, migrations, locks) is ≈8.5 kB minified in each context that imports it (the service
 * worker, the popup, the side panel); this is what they use of it. `storage-item.test.ts` runs
 * both side by side and checks they leave the same storage and give the same answers.
 *
 * `version` is kept as WXT keeps it: written beside the value (`<key>$`: `{ v }`) with the first
 * value stored, and a stored version above it logged as a downgrade. Migrations are not: an item
 * whose shape changes needs WXT's `storage.defineItem` with its `migrations` again.
 */
export interface StorageItem<T> {
  getValue(): Promise<T>;
  /** Stores the value; null or undefined removes it, as WXT does. */
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
  /** Calls back on each change made from any context; returns the way to stop. */
  watch(onChange: (value: T, old: T) => void): () => void;
}

type AreaName = 'local' | 'session' | 'sync';

export function defineStorageItem<T>(
  key: `${AreaName}:${string}`,
  options: { fallback: T; version?: number },
): StorageItem<T> {
  const separator = key.indexOf(':');
  const areaName = key.slice(0, separator) as AreaName;
  const name = key.slice(separator + 1);
  const metaName = `${name}$`;
  // Read when used, not when defined: a module that defines items may load where no storage is.
  const area = () => nativeBrowser.storage[areaName];
  const orFallback = (value: unknown) => (value ?? options.fallback) as T;

  const { version } = options;
  // As WXT's migration step, with no migrations: on definition, read the value and its version;
  // the version is written with the first value stored when neither is there yet, and a stored
  // value of an older version is stored again with the current one.
  let needsVersion = false;
  const checked =
    version === undefined
      ? Promise.resolve()
      : area()
          .get([name, metaName])
          .then(async (stored) => {
            const value = stored[name];
            const meta = metaOf(stored[metaName]);
            needsVersion = value == null && meta.v == null;
            if (value == null) return;
            const current = (meta.v ?? 1) as number;
            if (current > version) {
              throw new Error(
                `Version downgrade detected (v${current} -> v${version}) for "${key}"`,
              );
            }
            if (current === version) return;
            await area().set({ [name]: value, [metaName]: { ...meta, v: version } });
          })
          .catch((error: unknown) => console.error(`Migration failed for ${key}`, error));

  const write = async (value: unknown) => {
    if (value == null) await area().remove(name);
    else await area().set({ [name]: value });
  };
  return {
    async getValue() {
      await checked;
      return orFallback((await area().get(name))[name]);
    },
    async setValue(value) {
      await checked;
      if (!needsVersion || version === undefined) return write(value);
      needsVersion = false;
      const writeVersion = async () => {
        const meta = metaOf((await area().get(metaName))[metaName]);
        await area().set({ [metaName]: { ...meta, v: version } });
      };
      await Promise.all([write(value), writeVersion()]);
    },
    async removeValue() {
      await checked;
      await area().remove(name);
    },
    watch(onChange) {
      const listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>) => {
        const change = changes[name];
        if (change == null || sameJson(change.newValue, change.oldValue)) return;
        onChange(orFallback(change.newValue), orFallback(change.oldValue));
      };
      area().onChanged.addListener(listener);
      return () => area().onChanged.removeListener(listener);
    },
  };
}

/** WXT's metadata record: an object, else none. */
const metaOf = (value: unknown): { v?: unknown } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};

/** Deep equality of stored (JSON-like) values, keys in any order: a write that changes nothing. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every(
      (key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], bRecord[key]),
    )
  );
}
