/**
 * One thing made ahead, while nothing waits for it: a Start then finds its 16 kHz encoder context
 * ready (`tab-audio.ts`) instead of waiting ≈15 ms for Chrome to create one and load the
 * worklet's module. The owner says when to make the next (`prepare`, when a capture has ended),
 * so making it never competes with a Start. A spare that failed is made again when taken: the
 * error is the taker's, and no passing failure is kept.
 */
export interface Spare<T> {
  /** The one made ahead, or one made now if there is none (or it failed). */
  take(): Promise<T>;
  /** Makes one ahead, unless one is ready or being made. */
  prepare(): void;
}

export function keepSpare<T>(make: () => Promise<T>): Spare<T> {
  let ready: Promise<T> | null = null;
  return {
    async take() {
      const made = ready;
      ready = null;
      if (made) {
        try {
          return await made;
        } catch {
          // Made again below.
        }
      }
      return make();
    },
    prepare() {
      if (ready) return;
      ready = make();
      // Its failure is answered by the next take(), which makes one anew; not an unhandled error.
      ready.catch(() => undefined);
    },
  };
}
