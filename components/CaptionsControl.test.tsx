// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaptionsProblem } from '../utils/captions/caption-access';
import type { CaptionsClient } from '../utils/captions/captions-client';
import type { CaptionsSetting } from '../utils/captions/captions-setting';
import { CaptionsControl } from './CaptionsControl';

afterEach(cleanup);

function fakeClient(setting: CaptionsSetting, problem: CaptionsProblem | null = null) {
  const saved: CaptionsSetting[] = [];
  let asked = 0;
  let tellProblem: (problem: CaptionsProblem | null) => void = () => {};
  const client: CaptionsClient = {
    load: async () => setting,
    save: async (next) => {
      saved.push(next);
    },
    watch: () => () => {},
    watchProblem: (onChange) => {
      tellProblem = onChange;
      onChange(problem);
      return () => {};
    },
    requestAccess: async () => {
      asked += 1;
      return true;
    },
  };
  return {
    client,
    saved,
    asked: () => asked,
    tellProblem: (p: CaptionsProblem | null) => tellProblem(p),
  };
}

const toggle = () => screen.getByRole('checkbox', { name: 'Show captions on the page' });
/** The checkbox once the stored setting is read (nothing is drawn before). */
const loadedToggle = () => screen.findByRole('checkbox', { name: 'Show captions on the page' });

describe('CaptionsControl', () => {
  it('draws no checkbox until the stored setting is read (a click on a default would invert it)', async () => {
    const { client } = fakeClient({ shown: true, size: 'medium' });
    let loaded: (setting: CaptionsSetting) => void = () => {};
    render(
      <CaptionsControl
        client={{ ...client, load: () => new Promise((resolve) => (loaded = resolve)) }}
      />,
    );
    expect(screen.queryByRole('checkbox')).toBeNull();
    loaded({ shown: true, size: 'medium' });
    expect(await loadedToggle()).toHaveProperty('checked', true);
  });

  it('turns the captions on, remembered, and then offers their size', async () => {
    const { client, saved } = fakeClient({ shown: false, size: 'medium' });
    render(<CaptionsControl client={client} />);
    fireEvent.click(await loadedToggle());
    expect(saved).toEqual([{ shown: true, size: 'medium' }]);
    expect(screen.queryByRole('combobox', { name: 'Caption size' })).not.toBeNull();
    fireEvent.click(toggle());
    expect(saved.at(-1)).toEqual({ shown: false, size: 'medium' });
    expect(screen.queryByRole('combobox', { name: 'Caption size' })).toBeNull();
    saved.length = 0;
    fireEvent.click(toggle());
    expect(saved).toEqual([{ shown: true, size: 'medium' }]);
    const size = await screen.findByRole('combobox', { name: 'Caption size' });
    fireEvent.change(size, { target: { value: 'large' } });
    expect(saved.at(-1)).toEqual({ shown: true, size: 'large' });
  });

  it('shows the saved setting', async () => {
    const { client } = fakeClient({ shown: true, size: 'small' });
    render(<CaptionsControl client={client} />);
    expect(await screen.findByRole('combobox', { name: 'Caption size' })).toHaveProperty(
      'value',
      'small',
    );
    expect(toggle()).toHaveProperty('checked', true);
  });

  it('says why captions are missing after the tab moved to another site, and asks once on a click', async () => {
    const { client, asked } = fakeClient(
      { shown: true, size: 'medium' },
      { recordingId: 'r1', reason: 'needs_access' },
    );
    render(<CaptionsControl client={client} />);
    const allow = await screen.findByRole('button', { name: 'Allow captions on other sites' });
    expect(screen.getByText(/moved to another site/)).toBeTruthy();
    fireEvent.click(allow);
    expect(asked()).toBe(1);
  });

  it('says plainly where no extension may draw, with nothing to click', async () => {
    const { client } = fakeClient(
      { shown: true, size: 'medium' },
      { recordingId: 'r1', reason: 'not_here' },
    );
    render(<CaptionsControl client={client} />);
    expect(await screen.findByText(/lets no extension draw on this page/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('says nothing of problems while the captions are off, or once they are drawn', async () => {
    const { client, tellProblem } = fakeClient(
      { shown: false, size: 'medium' },
      { recordingId: 'r1', reason: 'not_here' },
    );
    render(<CaptionsControl client={client} />);
    await loadedToggle();
    expect(screen.queryByText(/no extension/)).toBeNull();
    fireEvent.click(toggle());
    await screen.findByText(/no extension/);
    tellProblem(null);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByText(/no extension/)).toBeNull();
  });
});
