/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/**
 * A fixed palette for class maps: background black, then distinct colours
 * (the first twelve from ColorBrewer's Paired scheme, more by cycling hue).
 * Class k is always drawn in the same colour across images and runs.
 */
export const DEFAULT_PALETTE: readonly Rgb[] = [
  [0, 0, 0],
  [166, 206, 227],
  [31, 120, 180],
  [178, 223, 138],
  [51, 160, 44],
  [251, 154, 153],
  [227, 26, 28],
  [253, 191, 111],
  [255, 127, 0],
  [202, 178, 214],
  [106, 61, 154],
  [255, 255, 153],
  [177, 89, 40],
];

/** The colour of class `k`, cycling hues past the end of the palette. */
export function classColor(k: number, palette: readonly Rgb[] = DEFAULT_PALETTE): Rgb {
  if (k < palette.length) return palette[k];
  const hue = (k * 137.508) % 360; // golden angle: neighbouring classes far apart
  return hslToRgb(hue, 0.65, 0.55);
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [channel(0), channel(8), channel(4)];
}
