import type { Segment } from './transcript-model';

/**
 * How many of the latest segments the owner keeps once saved: the captions start from the last
 * lines (`caption-channel.ts` takes up to 40), and a view's hello needs no read for a short one.
 */
export const RECENT_SEGMENTS = 40;

/**
 * The live transcript's segments as its owner holds them: every segment not yet saved, and the
 * last `recent` ones. Older saved segments are in the store only, read back when a view asks for
 * the whole transcript (`recording-resources.ts`), so a long recording is not kept twice and the
 * offscreen document's heap stays flat. A segment whose save failed is kept, with all after it:
 * then the owner's copy is the only one, and views still get every word.
 */
export function holdSegments(recent = RECENT_SEGMENTS) {
  const held: Segment[] = [];
  /** Every segment with a lower index is in the store. */
  let savedBefore = 0;
  const forgetSaved = () => {
    let drop = 0;
    while (drop < held.length - recent && (held[drop] as Segment).index < savedBefore) drop += 1;
    if (drop > 0) held.splice(0, drop);
  };
  return {
    add(segments: readonly Segment[]): void {
      held.push(...segments);
      forgetSaved();
    },
    /** The store holds every segment before `index` (saved in order, none failed). */
    savedBefore(index: number): void {
      savedBefore = Math.max(savedBefore, index);
      forgetSaved();
    },
    /** Oldest first; the first one's index says how many are in the store only. */
    get segments(): readonly Segment[] {
      return held;
    },
  };
}

export type HeldSegments = ReturnType<typeof holdSegments>;
