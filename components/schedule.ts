/** Runs `run` once, `afterMs` from now, unless the returned function cancels it first. */
export type Schedule = (run: () => void, afterMs: number) => () => void;

export const scheduleTimeout: Schedule = (run, afterMs) => {
  const timer = setTimeout(run, afterMs);
  return () => clearTimeout(timer);
};
