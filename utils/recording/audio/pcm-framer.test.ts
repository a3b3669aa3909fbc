import { describe, expect, it } from 'vitest';
import { createPcmFramer } from './pcm-framer';

describe('PCM framer', () => {
  it('cuts samples into whole frames of 16-bit PCM, carrying the rest to the next push', () => {
    const framer = createPcmFramer(4);
    expect(framer.push([Float32Array.from([0.5, -0.5, 1, -1, 0.25])])).toEqual([
      { pcm: Int16Array.from([16384, -16383, 32767, -32768]), channels: 1, silent: false },
    ]);
    const [frame] = framer.push([Float32Array.from([0, 0, 0])]);
    expect(frame?.pcm).toEqual(Int16Array.from([8192, 0, 0, 0]));
  });

  it('clamps samples beyond full scale instead of wrapping them around', () => {
    const [frame] = createPcmFramer(2).push([Float32Array.from([3, -3])]);
    expect(frame?.pcm).toEqual(Int16Array.from([32767, -32768]));
  });

  it('marks only frames of exact digital silence as silent', () => {
    const framer = createPcmFramer(3);
    const frames = framer.push([Float32Array.from([0, 0, 0, 0, 0.0001, 0])]);
    expect(frames.map((frame) => frame.silent)).toEqual([true, false]);
  });

  it('interleaves two channels, tab first, in frames of frameSamples per channel', () => {
    const framer = createPcmFramer(2, 2);
    const frames = framer.push([Float32Array.from([0.5, 0.25, 1]), Float32Array.from([-1, 0, 0])]);
    expect(frames).toEqual([
      { pcm: Int16Array.from([16384, -32768, 8192, 0]), channels: 2, silent: false },
    ]);
    // The microphone alone speaking makes a frame that is not silent.
    const [next] = framer.push([new Float32Array(1), Float32Array.from([0.5])]);
    expect(next).toEqual({
      pcm: Int16Array.from([32767, 0, 0, 16384]),
      channels: 2,
      silent: false,
    });
  });

  it('reads the samples a shorter second input lacks as silence (a quantum of another size)', () => {
    const framer = createPcmFramer(3, 2);
    const [frame] = framer.push([Float32Array.from([0.5, 0.5, 0.5]), Float32Array.from([0.25])]);
    expect(frame?.pcm).toEqual(Int16Array.from([16384, 8192, 16384, 0, 16384, 0]));
  });
});
