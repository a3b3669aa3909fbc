// A flood of mints from one account, as a script would send them, in its own process so that the
// test measuring others' mints shares no event loop with it:
//   node flood.mjs <function url> <access token> <requests> <concurrency>
// Prints one JSON line: how many answers came with each HTTP status (0: no answer).
import http from 'node:http';

const [url, token, total, concurrency] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
/** @type {Record<number, number>} */
const statuses = {};
let sent = 0;

const post = () =>
  new Promise((resolve) => {
    const request = http.request(String(url), {
      agent,
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Length': '0' },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', () => resolve(0));
    request.end();
  });

const worker = async () => {
  while (sent < Number(total)) {
    sent += 1;
    const status = /** @type {number} */ (await post());
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
};
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
agent.destroy();
console.log(JSON.stringify(statuses));
