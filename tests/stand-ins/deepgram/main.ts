// Runs the Deepgram stand-in as its own process:
//   node tests/stand-ins/deepgram/main.ts [--port N]
// with DEEPGRAM_API_KEY (the key it accepts) and DEEPGRAM_STAND_IN_TOKEN_SECRET in the
// environment (and DEEPGRAM_STAND_IN_IDLE_TIMEOUT_MS to shorten Deepgram's 10 s idle close). Prints one JSON line, {"url": ...}, once it listens.
import { parseArgs } from 'node:util';
import { startDeepgramStandIn } from './server.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const apiKey = process.env.DEEPGRAM_API_KEY;
const tokenSecret = process.env.DEEPGRAM_STAND_IN_TOKEN_SECRET;
if (!apiKey || !tokenSecret) {
  console.error('Set DEEPGRAM_API_KEY and DEEPGRAM_STAND_IN_TOKEN_SECRET.');
  process.exit(2);
}
const idleTimeoutMs = Number(process.env.DEEPGRAM_STAND_IN_IDLE_TIMEOUT_MS) || undefined;
const standIn = await startDeepgramStandIn({
  apiKey,
  tokenSecret,
  port: Number(values.port),
  ...(idleTimeoutMs ? { idleTimeoutMs } : {}),
});
console.log(JSON.stringify({ url: standIn.url }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void standIn.close().then(() => process.exit(0)));
}
