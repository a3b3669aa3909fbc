import assert from 'node:assert/strict';
import { createVerifiedTokenCache } from '../verified-token-cache.ts';

function cacheAt(start = 1_000_000) {
  let now = start;
  const cache = createVerifiedTokenCache({ maxEntries: 3, maxAgeMs: 60_000, now: () => now });
  return { cache, advance: (ms: number) => (now += ms), now: () => now };
}

Deno.test('a token is remembered until its own expiry when that comes first', () => {
  const { cache, advance, now } = cacheAt();
  cache.set('token-a', 'user-1', now() + 10_000);
  assert.equal(cache.get('token-a'), 'user-1');
  advance(9_999);
  assert.equal(cache.get('token-a'), 'user-1');
  advance(1);
  assert.equal(cache.get('token-a'), undefined);
});

Deno.test('a long-lived token is checked again after the maximum age', () => {
  const { cache, advance, now } = cacheAt();
  cache.set('token-a', 'user-1', now() + 3_600_000);
  advance(59_999);
  assert.equal(cache.get('token-a'), 'user-1');
  advance(1);
  assert.equal(cache.get('token-a'), undefined);
});

Deno.test('only the exact token hits; the oldest entry leaves when full', () => {
  const { cache, now } = cacheAt();
  for (const token of ['t1', 't2', 't3']) cache.set(token, `user-${token}`, now() + 10_000);
  assert.equal(cache.get('t1x'), undefined);
  cache.set('t4', 'user-t4', now() + 10_000);
  assert.equal(cache.get('t1'), undefined);
  assert.equal(cache.get('t2'), 'user-t2');
  assert.equal(cache.get('t4'), 'user-t4');
});
