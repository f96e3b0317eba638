export { pixelModality, type PixelModalityOptions } from './pixel-modality.js';
export { pixelMetrics } from './pixel-metrics.js';
export { segmentationPanel, type SegmentationPanelInputs, type SegmentationPanelOptions } from './segmentation-panel.js';
export { PANEL_FONT_FAMILY, segmentationPanelSvg, type SegmentationPanelSvgOptions } from './segmentation-panel-svg.js';
export { classColor, DEFAULT_PALETTE, type Rgb } from './palette.js';
export { encodePng } from './encode-png.js';
export { decodeImage, type DecodedImage } from './decode-image.js';
export {
  readSegmentationFolder,
  type ReadSegmentationFolderOptions,
  type SegmentationSample,
} from './read-segmentation-folder.js';
export { segmentationBatches, type SegmentationBatchOptions } from './segmentation-batches.js';
