// Runs the Deepgram stand-in as its own process:
//   node tests/stand-ins/deepgram/main.ts [--port N]
// with DEEPGRAM_API_KEY (the key it accepts) and DEEPGRAM_STAND_IN_TOKEN_SECRET in the
// environment. Prints one JSON line, {"url": ...}, once it listens.
import { parseArgs } from 'node:util';
import { startDeepgramStandIn } from './server.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const apiKey = process.env.DEEPGRAM_API_KEY;
const tokenSecret = process.env.DEEPGRAM_STAND_IN_TOKEN_SECRET;
if (!apiKey || !tokenSecret) {
  console.error('Set DEEPGRAM_API_KEY and DEEPGRAM_STAND_IN_TOKEN_SECRET.');
  process.exit(2);
}
const standIn = await startDeepgramStandIn({ apiKey, tokenSecret, port: Number(values.port) });
console.log(JSON.stringify({ url: standIn.url }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void standIn.close().then(() => process.exit(0)));
}
