// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DraftField } from './DraftField';

afterEach(cleanup);

const field = (saved: string, onSave = vi.fn()) => (
  <DraftField
    class="field"
    label="Name for Speaker 1"
    placeholder="Speaker 1"
    maxLength={60}
    saved={saved}
    onSave={onSave}
  />
);

describe('DraftField', () => {
  it('keeps what is being typed through the live view’s redraws, then shows it as saved', () => {
    const onSave = vi.fn();
    const { rerender } = render(field('', onSave));
    const input = screen.getByRole('textbox', { name: 'Name for Speaker 1' }) as HTMLInputElement;
    fireEvent.input(input, { target: { value: 'Ad' } });
    // New words arrive: the view is drawn again with the same saved value.
    rerender(field('', onSave));
    expect(input.value).toBe('Ad');
    fireEvent.input(input, { target: { value: 'Ada ' } });
    fireEvent.change(input);
    expect(onSave).toHaveBeenCalledWith('Ada ');
    // The owner's answer: the name as saved (tidied).
    rerender(field('Ada', onSave));
    expect(input.value).toBe('Ada');
  });

  it('a name given elsewhere (another view) shows when nothing is being typed', () => {
    const { rerender } = render(field(''));
    rerender(field('Grace'));
    expect((screen.getByRole('textbox') as HTMLInputElement).value).toBe('Grace');
  });
});
