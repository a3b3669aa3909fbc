// What a developer command does when it is told to end: Ctrl+C, a SIGTERM (an IDE's stop
// button, `kill`), a closed terminal, or an error nothing caught. Each calls `stop`, which stops
// every part the command started, so none is left running under PID 1.

/**
 * @param {(code: number) => unknown} stop called with 0 for a signal, 1 for an uncaught error
 */
export function stopOnExitSignals(stop) {
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => void stop(0));
  }
  for (const failure of /** @type {const} */ (['uncaughtException', 'unhandledRejection'])) {
    process.on(failure, (error) => {
      console.error(error);
      void stop(1);
    });
  }
}
