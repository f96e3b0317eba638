import { Resvg } from '@resvg/resvg-js';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng } from './decode-png.spec-helper.js';
import { FONT_FAMILY, fontFiles } from './fonts.js';
import { renderSvg } from './render-svg.js';
import { svgToPng } from './svg-to-png.js';
import { writeFigure } from './write-figure.js';

const dir = mkdtempSync(join(tmpdir(), 'plots-write-figure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEXT_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="5" y="30" font-family="${FONT_FAMILY}" font-size="28">Ag 8</text></svg>`;

function darkPixels(rgba: Uint8Array, channels: number): number {
  let dark = 0;
  for (let i = 0; i < rgba.length; i += channels) if (rgba[i] < 128 && (channels === 3 || rgba[i + 3] > 128)) dark++;
  return dark;
}

const SPEC = {
  title: 'a small figure',
  data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
  mark: 'line',
  encoding: { x: { field: 'x', type: 'quantitative', title: 'epoch axis' }, y: { field: 'y', type: 'quantitative', title: 'loss axis' } },
} as const;

describe('fonts', () => {
  it('ships DejaVu Sans as files that exist', () => {
    expect(FONT_FAMILY).toBe('DejaVu Sans');
    const files = fontFiles();
    expect(files.map((f) => f.split(/[\\/]/).at(-1))).toEqual(['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']);
    for (const file of files) expect(statSync(file).size).toBeGreaterThan(100_000);
  });

  it('draws text only because of the shipped font: without it, with system fonts off, the same SVG is blank', () => {
    const withFont = decodePng(svgToPng(TEXT_SVG, { scale: 1 }));
    expect([withFont.width, withFont.height]).toEqual([120, 40]);
    expect(darkPixels(withFont.pixels, withFont.channels)).toBeGreaterThan(100);
    const noFont = new Resvg(TEXT_SVG, { background: 'white', font: { loadSystemFonts: false } }).render();
    expect(darkPixels(noFont.pixels, 4)).toBe(0);
  });
});

describe('svgToPng', () => {
  it('scales (default 2) and fills the background (default white)', () => {
    const png = decodePng(svgToPng(TEXT_SVG));
    expect([png.width, png.height]).toEqual([240, 80]);
    expect([...png.pixels.subarray(0, 3)]).toEqual([255, 255, 255]);
    const black = decodePng(svgToPng(TEXT_SVG, { scale: 0.5, background: 'black' }));
    expect([black.width, black.height]).toEqual([60, 20]);
    expect([...black.pixels.subarray(0, 3)]).toEqual([0, 0, 0]);
  });

  it('refuses a scale that is not a number > 0, naming it', () => {
    expect(() => svgToPng(TEXT_SVG, { scale: 0 })).toThrow('svgToPng: scale must be a number > 0; got 0');
  });
});

describe('renderSvg and writeFigure', () => {
  it('renders a vega-lite spec to an SVG that parses, in the shipped font, with its title and axis titles', async () => {
    const svg = await renderSvg(SPEC);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['a small figure', 'epoch axis', 'loss axis']) expect(svg).toContain(`>${text}</text>`);
    expect(svg).toContain(`font-family="${FONT_FAMILY}"`);
    // resvg parses SVG as strict XML: a malformed file throws here.
    expect(new Resvg(svg).width).toBeGreaterThan(0);
  });

  it('writes <path>.svg and <path>.png (folders made) from a spec or from an SVG string', async () => {
    const fromSpec = await writeFigure(join(dir, 'deep', 'figure'), SPEC, { scale: 1 });
    expect(fromSpec).toEqual({ svg: join(dir, 'deep', 'figure.svg'), png: join(dir, 'deep', 'figure.png') });
    const svg = readFileSync(fromSpec.svg, 'utf8');
    expect(svg).toContain('>a small figure</text>');
    const png = decodePng(readFileSync(fromSpec.png));
    expect([png.width, png.height]).toEqual([Math.ceil(new Resvg(svg).width), Math.ceil(new Resvg(svg).height)]);
    expect(darkPixels(png.pixels, png.channels)).toBeGreaterThan(100);

    const fromSvg = await writeFigure(join(dir, 'text'), TEXT_SVG);
    expect(readFileSync(fromSvg.svg, 'utf8')).toBe(TEXT_SVG);
    expect(decodePng(readFileSync(fromSvg.png)).width).toBe(240);
  });
});
