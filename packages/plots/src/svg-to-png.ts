import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, fontFiles } from './fonts.js';
import { PlotInputError } from './plot-input-error.js';

export interface SvgToPngOptions {
  /** Pixels per SVG unit; default 2, sharp on high-density screens and in print. */
  scale?: number;
  /** Fill behind the drawing; default 'white' (vega's SVGs are transparent). */
  background?: string;
}

/**
 * Rasterises an SVG with only the shipped fonts (system fonts are not loaded),
 * so text in every PNG is drawn the same on any machine, and text naming a
 * font that is missing falls back to DejaVu Sans rather than to nothing.
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Uint8Array {
  const { scale = 2, background = 'white' } = options;
  if (!(Number.isFinite(scale) && scale > 0)) throw new PlotInputError(`svgToPng: scale must be a number > 0; got ${scale}`);
  const resvg = new Resvg(svg, {
    background,
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return new Uint8Array(resvg.render().asPng());
}
