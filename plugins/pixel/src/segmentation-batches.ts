import { seededRandom, SelectiveKdError, type Batch, type Pass } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import type { SegmentationSample } from './segmentation-sample.js';

export interface SegmentationBatchOptions {
  /** Default 8. */
  batchSize?: number;
  /** Shuffle the order every epoch, reproducibly from the pass's seed and epoch. Default true. */
  shuffle?: boolean;
  /** Leave out a last, smaller batch. Default false. */
  dropRemainder?: boolean;
}

/**
 * Samples of one size as a batch source for `SelectiveDistiller.fit`: a
 * function that yields fresh `{ inputs [B,H,W,ch], labels [B,H,W], indices }`
 * batches on every pass, in an order fixed by the pass's seed and epoch;
 * `indices` are the batch's positions in `samples`.
 */
export function segmentationBatches(
  samples: readonly SegmentationSample[],
  { batchSize = 8, shuffle = true, dropRemainder = false }: SegmentationBatchOptions = {},
): (pass?: Pass) => Generator<Batch> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `batchSize must be a whole number ≥ 1; got ${batchSize}`);
  }
  if (samples.length === 0) throw new SelectiveKdError('EMPTY_DATASET', 'segmentationBatches got no samples');
  const { width, height, channels } = samples[0];
  const odd = samples.find((s) => s.width !== width || s.height !== height || s.channels !== channels);
  if (odd) {
    throw new SelectiveKdError(
      'SHAPE_MISMATCH',
      `sample '${odd.name}' is ${odd.width}×${odd.height}×${odd.channels} but '${samples[0].name}' is ${width}×${height}×${channels}; batch images of one size`,
    );
  }
  // Checked now, naming the sample, rather than as a tensor-shape error on the pass that batches it.
  for (const s of samples) {
    const pixels = width * height;
    if (!(s.image instanceof Float32Array) || s.image.length !== pixels * channels) {
      throw new SelectiveKdError('SHAPE_MISMATCH', `sample '${s.name}' has ${s.image?.length ?? 'no'} image values; ${width}×${height}×${channels} needs ${pixels * channels}`);
    }
    if (!(s.labels instanceof Int32Array) || s.labels.length !== pixels) {
      throw new SelectiveKdError('SHAPE_MISMATCH', `sample '${s.name}' has ${s.labels?.length ?? 'no'} labels; ${width}×${height} needs ${pixels}`);
    }
    if (!s.image.every(Number.isFinite)) throw new SelectiveKdError('INVALID_INPUT', `sample '${s.name}' has image values that are not finite`);
    const negative = s.labels.findIndex((v) => v < 0);
    if (negative >= 0) throw new SelectiveKdError('LABEL_OUT_OF_RANGE', `sample '${s.name}' has label ${s.labels[negative]} at pixel ${negative}; labels are class indices ≥ 0`);
  }

  return function* ({ epoch, seed }: Pass = { epoch: 0, seed: 0 }) {
    const order = samples.map((_, i) => i);
    if (shuffle) shuffleInPlace(order, seed * 1_000_003 + epoch);
    for (let start = 0; start < order.length; start += batchSize) {
      const indices = order.slice(start, start + batchSize);
      if (dropRemainder && indices.length < batchSize) break;
      const pixels = width * height;
      const images = new Float32Array(indices.length * pixels * channels);
      const labels = new Int32Array(indices.length * pixels);
      indices.forEach((index, k) => {
        images.set(samples[index].image, k * pixels * channels);
        labels.set(samples[index].labels, k * pixels);
      });
      yield {
        inputs: tf.tensor4d(images, [indices.length, height, width, channels]),
        labels: tf.tensor3d(labels, [indices.length, height, width], 'int32'),
        indices,
      };
    }
  };
}

/** Fisher–Yates with a seeded generator, so an order can be replayed. */
function shuffleInPlace(items: number[], seed: number): void {
  const random = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
