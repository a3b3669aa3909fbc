// `npm run bench -- --quick`: every benchmark at tiny sizes, in seconds rather than minutes. Its
// figures mean nothing; CI runs it so that a benchmark that no longer runs fails the build.
export const QUICK = process.argv.slice(2).includes('--quick');

/**
 * The size to use: `full` for a real measurement, `quick` in quick mode.
 * @template T
 * @param {T} full
 * @param {T} quick
 * @returns {T}
 */
export const size = (full, quick) => (QUICK ? quick : full);
