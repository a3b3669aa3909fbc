// Renders the toolbar icon set (public/icon/{16,32,48,128}.png) from the SVG drawn below.
// Run with `npm run icons` after changing the drawing; the PNGs are committed.
import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { findChromium, QUIET_CHROMIUM_ARGS } from './chromium.mjs';

// A saturated tile reads on light and dark toolbars alike; the white glyph is sound (bars)
// turning into text (lines).
const gradient = `
  <linearGradient id="tile" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="#6a5cff"/>
    <stop offset="1" stop-color="#3a2fc4"/>
  </linearGradient>`;

// Small sizes are drawn on a 16-unit pixel grid so every edge lands on a whole pixel.
const small = `
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" shape-rendering="crispEdges">
  <defs>${gradient}</defs>
  <rect width="16" height="16" rx="3" fill="url(#tile)" shape-rendering="geometricPrecision"/>
  <g fill="#fff">
    <rect x="3" y="6" width="2" height="4"/>
    <rect x="6" y="3" width="2" height="10"/>
    <rect x="9" y="5" width="4" height="2"/>
    <rect x="9" y="9" width="3" height="2"/>
  </g>
</svg>`;

const large = `
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <defs>${gradient}</defs>
  <rect width="128" height="128" rx="28" fill="url(#tile)"/>
  <g fill="#fff">
    <rect x="22" y="48" width="13" height="32" rx="6.5"/>
    <rect x="43" y="28" width="13" height="72" rx="6.5"/>
    <rect x="64" y="42" width="42" height="13" rx="6.5"/>
    <rect x="64" y="73" width="30" height="13" rx="6.5"/>
  </g>
</svg>`;

const sizes = [
  { size: 16, svg: small },
  { size: 32, svg: small },
  { size: 48, svg: large },
  { size: 128, svg: large },
];

const executablePath = findChromium();
if (!executablePath) throw new Error('Chromium not found: install it or set CHROMIUM_PATH.');
const browser = await chromium.launch({ executablePath, args: QUIET_CHROMIUM_ARGS });
try {
  for (const { size, svg } of sizes) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`,
    );
    const png = await page.screenshot({ omitBackground: true });
    await writeFile(new URL(`../public/icon/${size}.png`, import.meta.url), png);
    await page.close();
    console.log(`public/icon/${size}.png`);
  }
} finally {
  await browser.close();
}
