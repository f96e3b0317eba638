import { pngDataUri, pngSize, SelectiveKdError, svgText } from '@selective-kd/core';
import { classColor, DEFAULT_PALETTE, type Rgb } from './palette.js';
import { segmentationPanel, type SegmentationPanelInputs, type SegmentationPanelOptions } from './segmentation-panel.js';

export interface SegmentationPanelSvgOptions extends SegmentationPanelOptions {
  /** Names of classes 0, 1, … in the class legend; classes past the end are called `class k`. */
  classNames?: readonly string[];
  /** A heading above the panel; none by default. */
  title?: string;
}

/** The font every label names; @selective-kd/plots ships it and rasterises with it alone. */
export const PANEL_FONT_FAMILY = 'DejaVu Sans';

const COLUMNS = ['input', 'ground truth', 'teacher', 'student', 'contrast mask'] as const;
const MARGIN = 8;
const FONT = 12;
const SWATCH = 11;
const LEGEND_ROW = 17;

/**
 * One sample as an SVG that explains itself: the raster strip of
 * `segmentationPanel` (embedded unchanged as a PNG, drawn without smoothing),
 * a title over each of its five columns, a legend of the class colours and
 * one of the mask colours. Text is SVG text in DejaVu Sans, so a rasteriser
 * with that font (`svgToPng` of @selective-kd/plots) draws it the same
 * everywhere, and a browser shows the SVG as it is.
 */
export function segmentationPanelSvg(inputs: SegmentationPanelInputs, sample: number, options: SegmentationPanelSvgOptions = {}): string {
  const { classNames = [], title, palette = DEFAULT_PALETTE, scale = 4 } = options;
  const classes = inputs.teacher.shape[inputs.teacher.rank - 1];
  if (classNames.length > classes) {
    throw new SelectiveKdError('INVALID_OPTION', `classNames names ${classNames.length} classes but the logits have ${classes}`);
  }
  const png = segmentationPanel(inputs, sample, options);
  const { width: stripWidth, height: stripHeight } = pngSize(png);
  const [, , imageWidth = 0] = inputs.labels.shape;
  const tileWidth = imageWidth * scale;
  // The strip's gap is segmentationPanel's own: whatever is not tiles, shared by the four gaps.
  const gap = (stripWidth - COLUMNS.length * tileWidth) / (COLUMNS.length - 1);
  const width = Math.max(stripWidth, 420);
  const parts: string[] = [];
  let y = MARGIN;
  if (title) {
    parts.push(svgText(MARGIN, y + 14, title, { size: 14, bold: true }));
    y += 22;
  }
  COLUMNS.forEach((column, i) => parts.push(svgText(MARGIN + i * (tileWidth + gap) + tileWidth / 2, y + FONT, column, { anchor: 'middle' })));
  y += FONT + 6;
  parts.push(
    `<image x="${MARGIN}" y="${y}" width="${stripWidth}" height="${stripHeight}" image-rendering="optimizeSpeed" style="image-rendering:pixelated" href="${pngDataUri(png)}"/>`,
  );
  COLUMNS.forEach((_, i) => parts.push(frame(MARGIN + i * (tileWidth + gap), y, tileWidth, stripHeight)));
  y += stripHeight + 10;

  const classEntries = Array.from({ length: classes }, (_, k) => ({ color: classColor(k, palette), label: classNames[k] ?? `class ${k}` }));
  classEntries.push({ color: [128, 128, 128], label: `ignored (label ${options.ignoreLabel ?? 255})` });
  y = legend(parts, 'classes', classEntries, y, width);
  y = legend(
    parts,
    'contrast mask',
    [
      { color: [255, 255, 255], label: 'teacher better (distilled from the teacher)' },
      { color: [0, 0, 0], label: 'student better, tie or ignored pixel' },
    ],
    y,
    width,
  );
  const height = y + MARGIN - 4;
  const totalWidth = width + 2 * MARGIN;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${height}" viewBox="0 0 ${totalWidth} ${height}" font-family="${PANEL_FONT_FAMILY}">
<rect width="100%" height="100%" fill="white"/>
${parts.join('\n')}
</svg>
`;
}

/** A titled legend of swatches flowing left to right, wrapping at `width`; returns the y below it. */
function legend(parts: string[], heading: string, entries: readonly { color: Rgb; label: string }[], top: number, width: number): number {
  parts.push(svgText(MARGIN, top + FONT, `${heading}:`, { bold: true }));
  // Wrapped rows start under the first entry, leaving the heading alone on the left.
  const indent = MARGIN + approxTextWidth(`${heading}:`, FONT) + 10;
  let x = indent;
  let y = top;
  for (const { color, label } of entries) {
    const entryWidth = SWATCH + 5 + approxTextWidth(label, FONT) + 14;
    if (x + entryWidth > MARGIN + width && x > indent) {
      x = indent;
      y += LEGEND_ROW;
    }
    parts.push(`<rect x="${x}" y="${y + 2}" width="${SWATCH}" height="${SWATCH}" fill="rgb(${color.join(',')})" stroke="#808080" stroke-width="0.5"/>`);
    parts.push(svgText(x + SWATCH + 5, y + FONT, label));
    x += entryWidth;
  }
  return y + LEGEND_ROW + 4;
}

function frame(x: number, y: number, width: number, height: number): string {
  return `<rect x="${x - 0.5}" y="${y - 0.5}" width="${width + 1}" height="${height + 1}" fill="none" stroke="#808080" stroke-width="1"/>`;
}

/** DejaVu Sans averages about 0.6 em per character; enough to lay legend entries out without measuring. */
function approxTextWidth(content: string, size: number): number {
  return Math.ceil(content.length * size * 0.6);
}
