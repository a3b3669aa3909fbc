import { describe, expect, it } from 'vitest';
import { keepSpare } from './spare';

/** Numbered things, made when asked; `failing` lists the makings (1-based) that fail. */
function maker(failing: number[] = []) {
  let made = 0;
  return {
    make: async () => {
      made += 1;
      if (failing.includes(made)) throw new Error(`making ${made} failed`);
      return made;
    },
    made: () => made,
  };
}

describe('a spare made ahead', () => {
  it('makes nothing until asked; taken with none ready, makes one then', async () => {
    const things = maker();
    const spare = keepSpare(things.make);
    expect(things.made()).toBe(0);
    expect(await spare.take()).toBe(1);
    expect(things.made()).toBe(1);
  });

  it('hands over the one prepared, once; the next take makes its own', async () => {
    const things = maker();
    const spare = keepSpare(things.make);
    spare.prepare();
    expect(things.made()).toBe(1);
    expect(await spare.take()).toBe(1);
    expect(await spare.take()).toBe(2);
  });

  it('prepares one at a time', async () => {
    const things = maker();
    const spare = keepSpare(things.make);
    spare.prepare();
    spare.prepare();
    expect(things.made()).toBe(1);
  });

  it('makes one anew when the prepared one failed, so a passing failure is not kept', async () => {
    const things = maker([1]);
    const spare = keepSpare(things.make);
    spare.prepare();
    expect(await spare.take()).toBe(2);
  });

  it("rejects with the making's error when making anew fails too", async () => {
    const things = maker([1, 2]);
    const spare = keepSpare(things.make);
    spare.prepare();
    await expect(spare.take()).rejects.toThrow('making 2 failed');
  });
});
