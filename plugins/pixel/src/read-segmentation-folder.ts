import { SelectiveKdError } from '@selective-kd/core';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { decodeImage, type DecodedImage } from './decode-image.js';
import type { SegmentationSample } from './segmentation-sample.js';

export interface ReadSegmentationFolderOptions {
  /** Folder of input images (`.png`, `.jpg`, `.jpeg`). */
  images: string;
  /** Folder of label PNGs named like the images (`cat.jpg` → `cat.png`), one class index per pixel (grey or palette PNG). */
  labels: string;
  /** Number of classes; label values must be below it or equal the ignore label. */
  classes: number;
  /** Default 255. */
  ignoreLabel?: number;
  /** Channels to give every image: 1 (grey) or 3 (RGB). Default: those of the first image. */
  channels?: 1 | 3;
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/**
 * Reads the layout segmentation data sets usually come in: a folder of images
 * and a folder of same-named label PNGs. Refuses, naming the file, a missing
 * label file, an image and label of different sizes, and label values that
 * are neither a class nor the ignore label.
 */
export async function readSegmentationFolder(options: ReadSegmentationFolderOptions): Promise<SegmentationSample[]> {
  const { images, labels, classes, ignoreLabel = 255 } = options;
  if (!Number.isInteger(classes) || classes < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `classes must be a whole number ≥ 1; got ${classes}`);
  }
  const files = (await reading(images, () => readdir(images))).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort();
  if (files.length === 0) throw new SelectiveKdError('EMPTY_DATASET', `no .png or .jpg images in ${images}`);
  const labelFiles = new Set(await reading(labels, () => readdir(labels)));

  let channels = options.channels;
  const samples: SegmentationSample[] = [];
  for (const file of files) {
    const name = basename(file, extname(file));
    const labelFile = `${name}.png`;
    if (!labelFiles.has(labelFile)) {
      throw new SelectiveKdError('SHAPE_MISMATCH', `image ${join(images, file)} has no label file ${join(labels, labelFile)}`);
    }
    const image = decodeImage(await reading(join(images, file), () => readFile(join(images, file))), join(images, file));
    const label = decodeImage(await reading(join(labels, labelFile), () => readFile(join(labels, labelFile))), join(labels, labelFile));
    if (image.width !== label.width || image.height !== label.height) {
      throw new SelectiveKdError(
        'SHAPE_MISMATCH',
        `${join(images, file)} is ${image.width}×${image.height} but its labels ${join(labels, labelFile)} are ${label.width}×${label.height}`,
      );
    }
    channels ??= image.channels >= 3 ? 3 : 1;
    samples.push({
      name,
      width: image.width,
      height: image.height,
      channels,
      image: toUnitRange(image, channels),
      labels: toClassIndices(label, classes, ignoreLabel, join(labels, labelFile)),
    });
  }
  return samples;
}

/** Runs a file-system read, turning its error (missing, not a folder, no permission) into a `SelectiveKdError` naming the path. */
async function reading<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new SelectiveKdError('INVALID_INPUT', `cannot read ${path}: ${(error as Error).message}`);
  }
}

/** Samples as `[H, W, channels]` floats in [0, 1], converting grey ↔ RGB and dropping alpha. */
function toUnitRange(image: DecodedImage, channels: 1 | 3): Float32Array {
  const pixels = image.width * image.height;
  const max = image.data instanceof Uint16Array ? 65535 : 255;
  const colour = image.channels >= 3;
  const out = new Float32Array(pixels * channels);
  for (let i = 0; i < pixels; i++) {
    const p = i * image.channels;
    const [r, g, b] = colour ? [image.data[p], image.data[p + 1], image.data[p + 2]] : [image.data[p], image.data[p], image.data[p]];
    if (channels === 1) out[i] = (0.299 * r + 0.587 * g + 0.114 * b) / max;
    else out.set([r / max, g / max, b / max], i * 3);
  }
  return out;
}

function toClassIndices(label: DecodedImage, classes: number, ignoreLabel: number, file: string): Int32Array {
  if (label.channels !== 1) {
    throw new SelectiveKdError(
      'SHAPE_MISMATCH',
      `${file} has ${label.channels} channels; label files must hold one class index per pixel (grey or palette PNG)`,
    );
  }
  const out = Int32Array.from(label.data);
  const bad = out.findIndex((v) => v >= classes && v !== ignoreLabel);
  if (bad >= 0) {
    throw new SelectiveKdError(
      'LABEL_OUT_OF_RANGE',
      `${file} has label ${out[bad]} at pixel (x ${bad % label.width}, y ${Math.floor(bad / label.width)}); ` +
        `labels must be below ${classes} classes or equal the ignore label ${ignoreLabel}`,
    );
  }
  return out;
}

