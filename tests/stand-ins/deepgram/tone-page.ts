import { encodeWav, isToneWord, synthesizeToneSequence, type ToneSequence } from './tone-words.ts';

/**
 * A web page that plays a tone-word sequence in an `<audio>` element: the "meeting" a test (or a
 * person trying `npm start`) transcribes. Query: `words=alpha,bravo`, `tone` and `gap` in ms,
 * `loop=1` to repeat, `autoplay=0` to wait for play.
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
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body style="font: 16px system-ui; margin: 2rem">
<h1>${title}</h1>
<p>Each word is a tone the Deepgram stand-in recognizes. Start Tabscribe on this tab.</p>
<audio id="speech" controls${autoplay}${loop} src="/__stand-in/tones.wav?${wavQuery}"></audio>
</body>
</html>`;
}

function boundedNumber(raw: string | null, fallback: number, min: number, max: number): number {
  const value = raw === null ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`Expected a number from ${min} to ${max}, got ${raw}`);
  }
  return value;
}
