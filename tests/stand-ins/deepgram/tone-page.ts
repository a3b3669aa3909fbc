import { encodeWav, isToneWord, synthesizeToneSequence, type ToneSequence } from './tone-words.ts';

/**
 * A web page that plays a tone-word sequence in an `<audio>` element: the "meeting" a test (or a
 * person trying `npm start`) transcribes. Query: `words=alpha,bravo`, `tone` and `gap` in ms,
 * `loop=1` to repeat, `autoplay=0` to wait for play. `schedule=1` adds `window.__playScheduled`
 * (SCHEDULED_PLAYER) for the onset benchmark.
 */

const WAV_SAMPLE_RATE = 48_000;

export function parseToneSequence(query: URLSearchParams): ToneSequence {
  const words = (query.get('words') ?? 'alpha,bravo,charlie,delta').split(',').filter(Boolean);
  const unknown = words.filter((word) => !isToneWord(word));
  if (unknown.length > 0) throw new Error(`Not tone-words: ${unknown.join(', ')}`);
  return {
    words: words.filter(isToneWord),
    toneMs: boundedNumber(query.get('tone'), 400, 60, 10_000),
    gapMs: boundedNumber(query.get('gap'), 300, 0, 60_000),
  };
}

export function toneWav(query: URLSearchParams): Buffer {
  return encodeWav(
    synthesizeToneSequence(parseToneSequence(query), WAV_SAMPLE_RATE),
    WAV_SAMPLE_RATE,
  );
}

export function tonePage(query: URLSearchParams): string {
  const sequence = parseToneSequence(query);
  const wavQuery = new URLSearchParams({
    words: sequence.words.join(','),
    tone: String(sequence.toneMs),
    gap: String(sequence.gapMs),
  });
  const loop = query.get('loop') === '1' ? ' loop' : '';
  const autoplay = query.get('autoplay') === '0' ? '' : ' autoplay';
  const title = `Tone-words: ${sequence.words.join(' ')}`;
  const scheduled =
    query.get('schedule') === '1'
      ? `<script>const SEQUENCE = ${JSON.stringify(sequence)};\n${SCHEDULED_PLAYER}</script>\n`
      : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body style="font: 16px system-ui; margin: 2rem">
<h1>${title}</h1>
<p>Each word is a tone the Deepgram stand-in recognizes. Start Tabscribe on this tab.</p>
<audio id="speech" controls${autoplay}${loop} src="/__stand-in/tones.wav?${wavQuery}"></audio>
${scheduled}</body>
</html>`;
}

/**
 * `await __playScheduled(leadMs)`: plays SEQUENCE's words with Web Audio, each an
 * AudioBufferSourceNode started at a set context time, the first `leadMs` from now. Resolves with
 * each word's onset on the wall clock (`performance.timeOrigin + performance.now()`), mapped from
 * context time through `getOutputTimestamp()`: the time the sample is played out, output latency
 * included, which is what a tab capture hears. The mapping is the median of several readings.
 */
const SCHEDULED_PLAYER = `
window.__playScheduled = async (leadMs) => {
  const { words, toneMs, gapMs } = SEQUENCE;
  const context = new AudioContext();
  await context.resume();
  const buffers = new Map();
  for (const word of new Set(words)) {
    const wav = await fetch('/__stand-in/tones.wav?words=' + word + '&tone=' + toneMs + '&gap=0');
    buffers.set(word, await context.decodeAudioData(await wav.arrayBuffer()));
  }
  const offsets = [];
  while (offsets.length < 9) {
    await new Promise((resolve) => setTimeout(resolve, 15));
    const stamp = context.getOutputTimestamp();
    if (stamp.contextTime > 0) {
      offsets.push(performance.timeOrigin + stamp.performanceTime - stamp.contextTime * 1000);
    }
  }
  offsets.sort((a, b) => a - b);
  const offset = offsets[4];
  const first = context.currentTime + leadMs / 1000;
  const starts = words.map((word, index) => first + (index * (toneMs + gapMs)) / 1000);
  words.forEach((word, index) => {
    const source = context.createBufferSource();
    source.buffer = buffers.get(word);
    source.connect(context.destination);
    source.start(starts[index]);
  });
  return {
    words,
    onsets: starts.map((start) => offset + start * 1000),
    mappingSpreadMs: offsets[8] - offsets[0],
    baseLatencyMs: context.baseLatency * 1000,
    outputLatencyMs: context.outputLatency * 1000,
    sampleRate: context.sampleRate,
  };
};`;

function boundedNumber(raw: string | null, fallback: number, min: number, max: number): number {
  const value = raw === null ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`Expected a number from ${min} to ${max}, got ${raw}`);
  }
  return value;
}
