import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderSvg } from './render-svg.js';
import { svgToPng } from './svg-to-png.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

/**
 * Writes a figure as `<path>.svg` and `<path>.png` (folders made) and returns
 * both absolute paths. `figure` is a vega-lite spec or an SVG already drawn.
 */
export async function writeFigure(
  pathWithoutExtension: string,
  figure: VegaLiteSpec | string,
  options: { scale?: number } = {},
): Promise<{ svg: string; png: string }> {
  const svgText = typeof figure === 'string' ? figure : await renderSvg(figure);
  const png = svgToPng(svgText, { scale: options.scale });
  const base = resolve(pathWithoutExtension);
  mkdirSync(dirname(base), { recursive: true });
  writeFileSync(`${base}.svg`, svgText);
  writeFileSync(`${base}.png`, png);
  return { svg: `${base}.svg`, png: `${base}.png` };
}
