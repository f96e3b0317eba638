import * as vega from 'vega';
import * as vl from 'vega-lite';
import { FONT_FAMILY } from './fonts.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

/** Compiles a vega-lite spec and draws it to SVG with vega (no browser), every text in the shipped font. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const withFont = { ...spec, config: { ...spec.config, font: FONT_FAMILY } } as VegaLiteSpec;
  const view = new vega.View(vega.parse(vl.compile(withFont).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
