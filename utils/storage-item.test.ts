import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { defineStorageItem, type StorageItem, sameJson } from './storage-item';

// defineStorageItem against the WXT storage it replaced, in the same fake browser: each scenario
// runs once with WXT's item and once with ours, from the same stored start, and must give the
// same answers, the same callbacks and leave the same storage.

beforeEach(() => fakeBrowser.reset());

type Options<T> = { fallback: T; version?: number | undefined };
type Define = <T>(key: `sync:${string}`, options: Options<T>) => StorageItem<T>;

const wxt: Define = (key, { fallback, version }) => {
  const item = storage.defineItem(key, {
    fallback,
    ...(version === undefined ? {} : { version, migrations: {} }),
  });
  return {
    getValue: () => item.getValue(),
    setValue: (value) => item.setValue(value),
    removeValue: () => item.removeValue(),
    watch: (onChange) => item.watch(onChange),
  };
};
const ours: Define = (key, { fallback, version }) =>
  defineStorageItem(key, version === undefined ? { fallback } : { fallback, version });

/** Runs a scenario with one implementation from a stored start; what it saw and left. */
async function run(
  define: Define,
  start: Record<string, unknown>,
  scenario: (define: Define, seen: unknown[]) => Promise<void>,
) {
  fakeBrowser.reset();
  await fakeBrowser.storage.sync.set(start);
  const seen: unknown[] = [];
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  await scenario(define, seen);
  // Let the storage's change events arrive.
  await new Promise((resolve) => setTimeout(resolve, 0));
  seen.push({ errors: errors.mock.calls.length });
  errors.mockRestore();
  return { seen, left: await fakeBrowser.storage.sync.get() };
}

async function expectSame(
  start: Record<string, unknown>,
  scenario: (define: Define, seen: unknown[]) => Promise<void>,
) {
  const expected = await run(wxt, start, scenario);
  expect(await run(ours, start, scenario)).toEqual(expected);
}

const FALLBACK = { model: 'nova-3', keyterms: [] as string[] };
const STARTS: Record<string, unknown>[] = [
  {},
  { settings: { model: 'nova-2', keyterms: ['a'] } },
  { settings: { model: 'nova-2' }, settings$: { v: 1 } },
  { settings: { model: 'nova-2' }, settings$: { v: 2 } },
  { settings: { model: 'nova-2' }, settings$: { v: 0, note: 'kept' } },
  { settings$: { v: 1 } },
  { settings: null },
];

describe('defineStorageItem, against WXT storage', () => {
  for (const version of [undefined, 1]) {
    for (const start of STARTS) {
      const label = `version ${version}, from ${JSON.stringify(start)}`;

      it(`reads, writes and removes alike: ${label}`, async () => {
        await expectSame(start, async (define, seen) => {
          const item = define('sync:settings', { fallback: FALLBACK, version });
          seen.push(await item.getValue());
          await item.setValue({ model: 'nova-3', keyterms: ['b'] });
          seen.push(await item.getValue());
          await item.setValue(null as unknown as typeof FALLBACK);
          seen.push(await item.getValue());
          await item.setValue({ model: 'base', keyterms: [] });
          await item.removeValue();
          seen.push(await item.getValue());
        });
      });

      it(`calls back alike, not for a write that changes nothing: ${label}`, async () => {
        await expectSame(start, async (define, seen) => {
          const item = define('sync:settings', { fallback: FALLBACK, version });
          const stop = item.watch((value, old) => seen.push({ value, old }));
          await item.setValue({ model: 'x', keyterms: ['1', '2'] });
          await item.setValue({ keyterms: ['1', '2'], model: 'x' } as typeof FALLBACK);
          await item.removeValue();
          await fakeBrowser.storage.sync.set({ other: 1 });
          stop();
          await item.setValue({ model: 'after', keyterms: [] });
        });
      });
    }
  }
});

describe('sameJson', () => {
  it('compares stored values deeply, keys in any order', () => {
    expect(sameJson({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(undefined, undefined)).toBe(true);
    expect(sameJson(Number.NaN, Number.NaN)).toBe(true);
    expect(sameJson(0, null)).toBe(false);
  });
});
