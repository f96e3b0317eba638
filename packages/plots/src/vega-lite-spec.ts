import type { TopLevelSpec } from 'vega-lite';

/** A vega-lite specification, as `renderSvg` and `writeFigure` take it. */
export type VegaLiteSpec = TopLevelSpec;
