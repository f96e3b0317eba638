// Everything of the pixel plugin that runs anywhere: Node, browsers, web
// workers. It is the package's `browser` entry; the Node entry (index.ts) adds
// reading image folders from disk.
export { pixelModality, type PixelModalityOptions } from './pixel-modality.js';
export { pixelMetrics } from './pixel-metrics.js';
export { segmentationPanel, type SegmentationPanelInputs, type SegmentationPanelOptions } from './segmentation-panel.js';
export { PANEL_FONT_FAMILY, segmentationPanelSvg, type SegmentationPanelSvgOptions } from './segmentation-panel-svg.js';
export { classColor, DEFAULT_PALETTE, type Rgb } from './palette.js';
export { encodePng } from './encode-png.js';
export { decodeImage, type DecodedImage } from './decode-image.js';
export type { SegmentationSample } from './segmentation-sample.js';
export { segmentationBatches, type SegmentationBatchOptions } from './segmentation-batches.js';
