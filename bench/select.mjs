// Which benchmarks `npm run bench -- NAME…` runs: a pure decision, tested in tests/scripts/.

/**
 * @param {string[]} available the benchmark files, e.g. `token-broker.bench.mjs`
 * @param {string[]} names what was asked for; none means all. A name picks the files whose name
 *   contains it, and must pick at least one
 * @returns {{ files: string[] } | { error: string }}
 */
export function selectBenchmarks(available, names) {
  if (names.length === 0) return { files: available };
  const unknown = names.filter((name) => !available.some((file) => file.includes(name)));
  if (unknown.length > 0) {
    const known = available.map((file) => file.replace(/\.bench\.mjs$/, '')).join(', ');
    return {
      error: `No benchmark named ${unknown.map((name) => `"${name}"`).join(', ')}. The benchmarks: ${known}.`,
    };
  }
  return { files: available.filter((file) => names.some((name) => file.includes(name))) };
}
