import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoTensorLeak, expectSelectiveKdError } from '@selective-kd/testing';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { encodePng } from './encode-png.js';
import { readSegmentationFolder } from './read-segmentation-folder.js';
import type { SegmentationSample } from './segmentation-sample.js';
import { segmentationBatches } from './segmentation-batches.js';

// The pixel plugin's readers and batchers on malformed, truncated, empty, huge and wrongly-typed
// input: each answers with a SelectiveKdError whose code and message name the problem, and leaves
// no tensor behind.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const png = encodePng(Uint8Array.from({ length: 4 * 3 }, (_, i) => i * 20), 4, 3, 1);

describe('decodeImage on damaged files', () => {
  it('decodes the well-formed file the cases below damage', () => {
    expect(decodeImage(png, 'ok.png')).toMatchObject({ width: 4, height: 3, channels: 1 });
  });

  it('a cut PNG is a SelectiveKdError naming the file, whatever the cut', () => {
    for (let length = 4; length < png.length; length++) {
      expectSelectiveKdError(() => decodeImage(png.subarray(0, length), 'cut.png'), 'INVALID_INPUT', 'cut.png');
    }
  });

  it('refuses a PNG whose header claims a huge or empty image before decoding it', () => {
    const huge = png.slice();
    new DataView(huge.buffer).setUint32(16, 100_000);
    new DataView(huge.buffer).setUint32(20, 100_000);
    expectSelectiveKdError(() => decodeImage(huge, 'huge.png'), 'INVALID_INPUT', 'huge.png', '100000×100000', 'megapixels');
    const empty = png.slice();
    new DataView(empty.buffer).setUint32(16, 0);
    expectSelectiveKdError(() => decodeImage(empty, 'empty.png'), 'EMPTY_INPUT', 'empty.png', '0×3');
  });

  it('refuses a cut JPEG, empty bytes and other formats', () => {
    const jpegStart = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
    expectSelectiveKdError(() => decodeImage(jpegStart, 'cut.jpg'), 'INVALID_INPUT', 'cut.jpg', 'JPEG');
    expectSelectiveKdError(() => decodeImage(new Uint8Array(0), 'e.png'), 'UNSUPPORTED_FORMAT', 'e.png', 'not a PNG or JPEG');
    expectSelectiveKdError(() => decodeImage(new TextEncoder().encode('GIF89a'), 'x.gif'), 'UNSUPPORTED_FORMAT', 'x.gif');
  });
});

describe('readSegmentationFolder on bad folders', () => {
  it('a missing folder or file is a SelectiveKdError naming the path', async () => {
    const root = mkdtempSync(join(tmpdir(), 'skd-seg-bad-'));
    const missing = join(root, 'nope');
    await expect(readSegmentationFolder({ images: missing, labels: root, classes: 2 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(missing) });
    mkdirSync(join(root, 'images'));
    writeFileSync(join(root, 'images', 'a.png'), png);
    await expect(readSegmentationFolder({ images: join(root, 'images'), labels: missing, classes: 2 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(missing) });
  });

  it('a cut image or label file names that file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'skd-seg-cut-'));
    mkdirSync(join(root, 'images'));
    mkdirSync(join(root, 'labels'));
    writeFileSync(join(root, 'images', 'a.png'), png);
    writeFileSync(join(root, 'labels', 'a.png'), png.subarray(0, 40));
    await expect(readSegmentationFolder({ images: join(root, 'images'), labels: join(root, 'labels'), classes: 256 })).rejects.toMatchObject({
      name: 'SelectiveKdError',
      code: 'INVALID_INPUT',
      message: expect.stringContaining(join(root, 'labels', 'a.png')),
    });
  });
});

describe('segmentationBatches on bad samples', () => {
  const sample = (fields: Partial<SegmentationSample> = {}): SegmentationSample => ({
    name: 'a',
    width: 2,
    height: 2,
    channels: 1,
    image: new Float32Array(4),
    labels: new Int32Array(4),
    ...fields,
  });

  it('refuses samples whose arrays do not match their size, naming the sample', () => {
    expectSelectiveKdError(() => segmentationBatches([sample(), sample({ name: 'b', image: new Float32Array(3) })]), 'SHAPE_MISMATCH', "'b'", 'image');
    expectSelectiveKdError(() => segmentationBatches([sample({ labels: new Int32Array(5) })]), 'SHAPE_MISMATCH', "'a'", 'labels');
    expectSelectiveKdError(() => segmentationBatches([sample({ image: Float32Array.of(0, Number.NaN, 0, 0) })]), 'INVALID_INPUT', "'a'", 'not finite');
    expectSelectiveKdError(() => segmentationBatches([sample({ labels: Int32Array.of(0, -3, 0, 0) })]), 'LABEL_OUT_OF_RANGE', "'a'", '-3');
  });

  it('refuses empty input and bad options; a good source leaves no tensor behind', async () => {
    expectSelectiveKdError(() => segmentationBatches([]), 'EMPTY_DATASET', 'no samples');
    expectSelectiveKdError(() => segmentationBatches([sample()], { batchSize: 1.5 }), 'INVALID_OPTION', 'batchSize');
    const source = segmentationBatches([sample(), sample({ name: 'b' })], { batchSize: 1 });
    await expectNoTensorLeak(() => {
      for (const batch of source()) tf.dispose([batch.inputs as tf.Tensor, batch.labels]);
    });
  });
});
