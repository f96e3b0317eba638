import { SelectiveKdError } from '@selective-kd/core';
import type { SegmentationSample } from '@selective-kd/pixel';

/**
 * The page's data, `public/data/mosaics.bin`, written by
 * `scripts/make-assets.mjs` from the pixel example's `mosaicSplits`:
 *
 * - bytes 0–3: `SKDM`; 4–7: the format version (uint32, little-endian);
 *   8–11: the header's byte length `H`; then `H` bytes of UTF-8 JSON
 *   ({@link MosaicAssetHeader}), padded with spaces to a multiple of 4.
 * - then per split, in the header's order: each mosaic's four cell classes
 *   (0–9, one byte each, cells row by row); each pixel's quarter-grey count
 *   `q` (0–1020, the sum of the 2×2 Fashion-MNIST pixels it averages) as its
 *   high 8 bits `q >> 2`, one byte a pixel; then its low 2 bits, four pixels a
 *   byte (first pixel in the lowest bits).
 *
 * Why this shape: the pixel example's image values are exactly `q / 1020`
 * rounded to float32, so 10 bits a pixel store them without loss (315 KB for
 * 320 mosaics, where float32 would take 1 MB); labels follow from the cell's
 * class and `q` (the example's foreground rule, intensity above 32⅛ of 255,
 * is `q > 128`), so they cost 4 bytes a mosaic.
 */
export const MOSAIC_ASSET_VERSION = 1;

/** Where the asset sits under the site's base URL. */
export const MOSAIC_ASSET_PATH = 'data/mosaics.bin';

const MAGIC = 'SKDM';
const PREAMBLE_BYTES = 12;
/** Quarter-grey counts: 4 × 255 at most. */
const MAX_COUNT = 1020;

/** The asset's JSON header. */
export interface MosaicAssetHeader {
  /** Per class index: 'background', then Fashion-MNIST's ten item names. */
  classNames: string[];
  /** Mosaic side in pixels (28). */
  size: number;
  /** Item side in pixels (14): a mosaic is (size / cellSize)² items. */
  cellSize: number;
  /** A pixel is its item's (class + 1) where its quarter-grey count exceeds this (128), else background (0). */
  foregroundAbove: number;
  /** The splits in body order; a sample's name is `${name}-${index}`, as the pixel example names them. */
  splits: { name: string; count: number }[];
}

export interface MosaicAsset {
  classNames: string[];
  train: SegmentationSample[];
  test: SegmentationSample[];
}

/** Reads the asset's bytes; throws SelectiveKdError 'INVALID_INPUT' naming what is wrong. */
export function parseMosaicAsset(data: ArrayBuffer | Uint8Array): MosaicAsset {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length < PREAMBLE_BYTES) fail(`the file is truncated: ${bytes.length} bytes, not even the ${PREAMBLE_BYTES}-byte preamble`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) fail(`the file does not start with '${MAGIC}' (got ${JSON.stringify(magic)}): not a mosaic asset`);
  const version = view.getUint32(4, true);
  if (version !== MOSAIC_ASSET_VERSION) {
    fail(`format version ${version}; this reader reads version ${MOSAIC_ASSET_VERSION} (rerun npm run make-assets)`);
  }
  const headerBytes = view.getUint32(8, true);
  const bodyAt = PREAMBLE_BYTES + headerBytes;
  if (bytes.length < bodyAt) fail(`the file is truncated: ${bytes.length} bytes, but its header alone ends at byte ${bodyAt}`);
  const header = checkHeader(new TextDecoder().decode(bytes.subarray(PREAMBLE_BYTES, bodyAt)));
  const cells = (header.size / header.cellSize) ** 2;
  const pixels = header.size * header.size;
  const mosaicBytes = cells + pixels + pixels / 4;
  const expected = bodyAt + header.splits.reduce((sum, split) => sum + split.count * mosaicBytes, 0);
  if (bytes.length !== expected) fail(`the file is ${bytes.length} bytes; its header describes ${expected}${bytes.length < expected ? ' (truncated)' : ''}`);

  const splits = new Map<string, SegmentationSample[]>();
  let at = bodyAt;
  for (const { name, count } of header.splits) {
    const classes = bytes.subarray(at, (at += count * cells));
    const high = bytes.subarray(at, (at += count * pixels));
    const low = bytes.subarray(at, (at += (count * pixels) / 4));
    splits.set(name, Array.from({ length: count }, (_, m) => mosaic(header, `${name}-${m}`, classes.subarray(m * cells), high.subarray(m * pixels), low.subarray((m * pixels) / 4))));
  }
  const split = (name: string) => splits.get(name) ?? fail(`the header lists no '${name}' split`);
  return { classNames: header.classNames, train: split('train'), test: split('test') };
}

export interface LoadMosaicAssetOptions {
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
}

/**
 * Fetches `data/mosaics.bin` under `baseUrl` (the site's base, e.g. Vite's
 * `import.meta.env.BASE_URL`) and parses it.
 */
export async function loadMosaicAsset(baseUrl: string, options: LoadMosaicAssetOptions = {}): Promise<MosaicAsset> {
  const fetchFile = options.fetch ?? fetch;
  const url = `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${MOSAIC_ASSET_PATH}`;
  const response = await fetchFile(url);
  if (!response.ok) fail(`fetching ${url} gave HTTP ${response.status} ${response.statusText}`.trimEnd());
  return parseMosaicAsset(await response.arrayBuffer());
}

function mosaic(header: MosaicAssetHeader, name: string, classes: Uint8Array, high: Uint8Array, low: Uint8Array): SegmentationSample {
  const { size, cellSize, foregroundAbove } = header;
  const grid = size / cellSize;
  const image = new Float32Array(size * size);
  const labels = new Int32Array(size * size);
  for (let at = 0; at < size * size; at++) {
    const count = (high[at] << 2) | ((low[at >> 2] >> (2 * (at & 3))) & 3);
    if (count > MAX_COUNT) fail(`${name}: pixel ${at} holds ${count} quarter grey levels, above ${MAX_COUNT}`);
    // The pixel example's value: the 2×2 sum over 4·255, rounded to float32 by the store.
    image[at] = count / MAX_COUNT;
    const cell = Math.floor(Math.floor(at / size) / cellSize) * grid + Math.floor((at % size) / cellSize);
    labels[at] = count > foregroundAbove ? classes[cell] + 1 : 0;
    if (labels[at] >= header.classNames.length) fail(`${name}: cell ${cell} has class ${classes[cell]}, but the header names ${header.classNames.length - 1} item classes`);
  }
  return { name, width: size, height: size, channels: 1, image, labels };
}

function checkHeader(text: string): MosaicAssetHeader {
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    fail(`the header is not JSON: ${(error as Error).message}`);
  }
  const h = header as Partial<MosaicAssetHeader> | null;
  const whole = (value: unknown, min: number): value is number => Number.isInteger(value) && (value as number) >= min;
  if (!h || !Array.isArray(h.classNames) || !h.classNames.every((c) => typeof c === 'string')) fail('header.classNames must be a list of names');
  if (!whole(h.size, 1) || !whole(h.cellSize, 1) || h.size % h.cellSize !== 0 || (h.size * h.size) % 4 !== 0) {
    fail(`header.size (${h.size}) must be a whole multiple of header.cellSize (${h.cellSize}) with size² a multiple of 4`);
  }
  if (!whole(h.foregroundAbove, 0)) fail(`header.foregroundAbove must be a whole number; got ${JSON.stringify(h.foregroundAbove)}`);
  if (!Array.isArray(h.splits) || !h.splits.every((s) => typeof s?.name === 'string' && whole(s.count, 0))) {
    fail('header.splits must be a list of { name, count }');
  }
  return h as MosaicAssetHeader;
}

function fail(message: string): never {
  throw new SelectiveKdError('INVALID_INPUT', `mosaic asset: ${message}`);
}
