// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Highlighted } from './Highlighted';

afterEach(cleanup);

const css = (file: string) => readFileSync(join(import.meta.dirname, file), 'utf8');

/** `--name: #rrggbb;` declarations in a block of CSS. */
function tokens(block: string): Record<string, string> {
  return Object.fromEntries(
    [...block.matchAll(/(--color-[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map(([, name, value]) => [
      name,
      value,
    ]),
  );
}

/** The theme's colour tokens: light from the first `:root`, dark from the dark media query's. */
function themes() {
  const theme = css('theme.css');
  const darkStart = theme.indexOf('@media (prefers-color-scheme: dark)');
  const light = tokens(theme.slice(0, darkStart));
  return {
    light,
    dark: { ...light, ...tokens(theme.slice(darkStart, theme.indexOf('}', darkStart))) },
  };
}

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The custom property a `.mark` declaration takes its colour from. */
function markToken(property: 'background' | 'color'): string {
  const rule = css('Highlighted.module.css').match(/\.mark\s*\{([^}]*)\}/)?.[1] ?? '';
  const token = rule.match(new RegExp(`(?:^|;|\\s)${property}:\\s*var\\((--[\\w-]+)\\)`))?.[1];
  if (!token) throw new Error(`.mark has no ${property} from a theme token`);
  return token;
}

describe('search highlight', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    // The old highlight, accent-soft on a white card, measures as it was seen: barely there.
    expect(contrast(themes().light['--color-accent-soft'] as string, '#ffffff')).toBeLessThan(1.3);
  });

  for (const [name, colors] of Object.entries(themes())) {
    it(`stands out at 3:1 from every background it sits on, and its words read at 4.5:1 (${name})`, () => {
      const background = colors[markToken('background')] as string;
      const text = colors[markToken('color')] as string;
      expect(background, markToken('background')).toMatch(/^#/);
      expect(text, markToken('color')).toMatch(/^#/);
      // The page (a transcript's words), a card (the list's rows) and a hovered row.
      for (const around of ['--color-bg', '--color-surface', '--color-surface-sunken']) {
        expect(contrast(background, colors[around] as string), around).toBeGreaterThanOrEqual(3);
      }
      expect(contrast(text, background)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('marks every occurrence of each term, in any case, with the highlight', () => {
    const { container } = render(
      <Highlighted text="Budget: the budget plan" query="budget PLAN" />,
    );
    expect([...container.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual([
      'Budget',
      'budget',
      'plan',
    ]);
    expect(container.querySelector('mark')?.className).toBeTruthy();
  });
});
