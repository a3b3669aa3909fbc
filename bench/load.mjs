// A closed-loop HTTP load generator: `concurrency` clients, each sending its next request as soon
// as the last one is answered, over keep-alive connections, for a fixed time or count.
import http from 'node:http';

/**
 * @param {{ url: string, concurrency: number, durationMs?: number, requests?: number,
 *           headers?: Record<string, string> | ((index: number) => Record<string, string>) }} options
 *   `headers` may be a function of the request's index, to vary them request by request
 */
export async function closedLoop({ url, headers = {}, concurrency, durationMs, requests }) {
  const headersFor = typeof headers === 'function' ? headers : () => headers;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  /** @type {number[]} */
  const latencies = [];
  let failures = 0;
  let started = 0;
  const deadline =
    durationMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + durationMs;
  const more = () => performance.now() < deadline && (requests === undefined || started < requests);

  const post = (/** @type {number} */ index) =>
    new Promise((resolve) => {
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: headersFor(index),
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode));
        },
      );
      request.on('error', () => resolve(0));
      request.end();
    });

  const client = async () => {
    while (more()) {
      const index = started;
      started += 1;
      const sent = performance.now();
      const status = await post(index);
      latencies.push(performance.now() - sent);
      if (status !== 200) failures += 1;
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsedMs = performance.now() - began;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const at = (/** @type {number} */ q) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    failures,
    count: latencies.length,
  };
}

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? /** @type {number} */ (sorted[middle])
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
