// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Segment } from '../utils/transcript/transcript-model';
import { TranscriptLog } from './TranscriptLog';

afterEach(cleanup);

const segment = (index: number, text: string): Segment => ({
  index,
  text,
  start: index,
  end: index + 0.5,
  speaker: null,
});

/** happy-dom lays nothing out: give the region the geometry of a scrolled list. */
function geometry(element: HTMLElement, scrollHeight: number, clientHeight = 200) {
  Object.defineProperty(element, 'scrollHeight', { configurable: true, value: scrollHeight });
  Object.defineProperty(element, 'clientHeight', { configurable: true, value: clientHeight });
}

describe('TranscriptLog', () => {
  it('shows final words, and the words still being recognized set apart', () => {
    render(
      <TranscriptLog
        segments={[segment(0, 'Hello, everyone.'), segment(1, 'Thanks for joining.')]}
        interim={{ text: 'happy to', start: 2, end: 2.4 }}
        placeholder="Listening…"
      />,
    );
    const log = screen.getByRole('log', { name: 'Transcript' });
    expect(log.textContent).toBe('Hello, everyone. Thanks for joining. happy to');
    const interim = screen.getByText('happy to');
    expect(interim.dataset.interim).toBe('');
    // Screen readers hear words once, when final.
    expect(interim.getAttribute('aria-hidden')).toBe('true');
  });

  it('names speakers where they change', () => {
    render(
      <TranscriptLog
        segments={[
          { ...segment(0, 'Hi.'), speaker: 0 },
          { ...segment(1, 'Hello.'), speaker: 1 },
          { ...segment(2, 'How are you?'), speaker: 1 },
        ]}
        interim={null}
        placeholder="Listening…"
      />,
    );
    expect(screen.getByRole('log').textContent).toBe(
      'Speaker 1: Hi. Speaker 2: Hello. How are you? ',
    );
  });

  it('follows new words, unless the reader has scrolled up to read', () => {
    const words = [segment(0, 'one')];
    const { rerender } = render(
      <TranscriptLog segments={words} interim={null} placeholder="Listening…" />,
    );
    const log = screen.getByRole('log');

    geometry(log, 600);
    rerender(
      <TranscriptLog segments={[...words, segment(1, 'two')]} interim={null} placeholder="" />,
    );
    expect(log.scrollTop).toBe(600);

    // The reader scrolls up; new words arrive; the view stays where they are reading.
    log.scrollTop = 100;
    log.dispatchEvent(new Event('scroll'));
    geometry(log, 800);
    rerender(
      <TranscriptLog
        segments={[...words, segment(1, 'two'), segment(2, 'three')]}
        interim={null}
        placeholder=""
      />,
    );
    expect(log.scrollTop).toBe(100);

    // Back at the bottom, it follows again.
    log.scrollTop = 600;
    log.dispatchEvent(new Event('scroll'));
    geometry(log, 1000);
    rerender(
      <TranscriptLog
        segments={[...words, segment(1, 'two'), segment(2, 'three'), segment(3, 'four')]}
        interim={null}
        placeholder=""
      />,
    );
    expect(log.scrollTop).toBe(1000);
  });

  it('says what will happen before the first word', () => {
    render(
      <TranscriptLog segments={[]} interim={null} placeholder="Listening… words appear here." />,
    );
    expect(screen.getByRole('log').textContent).toBe('Listening… words appear here.');
  });
});
