import type { StorageArea } from '../../utils/storage-area';

/** A `browser.storage` area in memory, for running the extension's modules under Node. */
export function createMemoryStorage(): StorageArea & { snapshot(): Record<string, unknown> } {
  const items = new Map<string, unknown>();
  return {
    async get(key) {
      return items.has(key) ? { [key]: structuredClone(items.get(key)) } : {};
    },
    async set(values) {
      for (const [key, value] of Object.entries(values)) items.set(key, structuredClone(value));
    },
    async remove(key) {
      items.delete(key);
    },
    snapshot: () => Object.fromEntries(items),
  };
}
