// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShortcutHint } from './ShortcutHint';

afterEach(cleanup);

describe('ShortcutHint', () => {
  it('shows the assigned shortcut key by key, with a way to change it', () => {
    const onChangeShortcut = vi.fn();
    render(
      <ShortcutHint
        status={{
          kind: 'ready',
          status: { shortcut: 'Alt+Shift+Y', account: { signedIn: false }, refusal: null },
        }}
        description="to start or stop"
        onChangeShortcut={onChangeShortcut}
      />,
    );
    expect(screen.getAllByText(/^(Alt|Shift|Y)$/).map((key) => key.tagName)).toEqual([
      'KBD',
      'KBD',
      'KBD',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Change' }));
    expect(onChangeShortcut).toHaveBeenCalledOnce();
  });

  it('says so, and offers to choose one, when Chrome assigned no shortcut', () => {
    const onChangeShortcut = vi.fn();
    render(
      <ShortcutHint
        status={{
          kind: 'ready',
          status: { shortcut: null, account: { signedIn: false }, refusal: null },
        }}
        description="to start or stop"
        onChangeShortcut={onChangeShortcut}
      />,
    );
    expect(screen.getByText(/No keyboard shortcut is set/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Choose a shortcut' }));
    expect(onChangeShortcut).toHaveBeenCalledOnce();
  });

  it('shows the sentence when the background could not be asked', () => {
    render(
      <ShortcutHint
        status={{ kind: 'failed', sentence: 'Tabscribe’s background service did not answer.' }}
        description="to start or stop"
        onChangeShortcut={() => {}}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Tabscribe’s background service did not answer.',
    );
  });
});
