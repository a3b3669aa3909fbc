// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Segment } from '../utils/transcript/transcript-model';
import { LiveTranscript } from './LiveTranscript';

afterEach(cleanup);

const segment = (index: number, text: string, start: number, speaker: number | null = null) => ({
  index,
  text,
  start,
  end: start + 0.5,
  speaker,
});

describe('LiveTranscript', () => {
  it('paragraphs with their time and speaker; the words still heard set apart', () => {
    const segments: Segment[] = [
      segment(0, 'alpha', 0, 0),
      segment(1, 'bravo', 0.8, 0),
      segment(2, 'charlie', 65, 1),
    ];
    render(
      <LiveTranscript
        segments={segments}
        interim={{ text: 'del', start: 66, end: 66.3 }}
        placeholder="Listening…"
      />,
    );
    const log = screen.getByRole('log', { name: 'Transcript' });
    const paragraphs = [...log.querySelectorAll('section')].map((section) =>
      section.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(paragraphs).toEqual(['0:00 Speaker 1alpha bravo', '1:05 Speaker 2charlie']);
    const interim = log.querySelector('[data-interim]');
    expect(interim?.textContent).toBe('del');
    expect(interim?.getAttribute('aria-hidden')).toBe('true');
  });

  it('marks what the search box asks for; says it is listening before any word', () => {
    render(
      <LiveTranscript
        segments={[segment(0, 'alpha bravo alpha', 0)]}
        interim={null}
        query="alpha"
        placeholder="Listening…"
      />,
    );
    expect(screen.getAllByText('alpha').map((mark) => mark.tagName)).toEqual(['MARK', 'MARK']);
    cleanup();
    render(<LiveTranscript segments={[]} interim={null} placeholder="Listening…" />);
    expect(screen.getByText('Listening…')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Jump to live' })).toBeNull();
  });

  it('says when earlier words could not be loaded, above the words it has; not otherwise', () => {
    const segments = [segment(40, 'golf', 90)];
    render(<LiveTranscript segments={segments} interim={null} unread={40} placeholder="…" />);
    const note = screen.getByRole('note');
    expect(note.textContent).toMatch(/^Earlier words of this transcript couldn’t be loaded here/);
    expect(note.compareDocumentPosition(screen.getByText('golf'))).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
    cleanup();
    render(<LiveTranscript segments={segments} interim={null} unread={0} placeholder="…" />);
    expect(screen.queryByRole('note')).toBeNull();
  });
});
