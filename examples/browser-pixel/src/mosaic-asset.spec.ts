import { SelectiveKdError } from '@selective-kd/core';
// The pixel example's own data code: the asset must hold exactly what it makes.
import { FASHION_MNIST_DIR, ITEM_NAMES, missingFashionMnist, MOSAIC_COUNTS, mosaicSplits, TEACHERS_DIR } from '@selective-kd/example-pixel-segmentation/data';
import type { SegmentationSample } from '@selective-kd/pixel';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMosaicAsset, MOSAIC_ASSET_PATH, parseMosaicAsset, type MosaicAsset } from './mosaic-asset.js';

const PUBLIC = fileURLToPath(new URL('../public/', import.meta.url));
const STRONG_TEACHER = join(TEACHERS_DIR, 'strong');

// Files are read in the hooks and tests, never while vitest collects.
let bytes: Uint8Array;
let asset: MosaicAsset;
beforeAll(async () => {
  await tf.setBackend('wasm');
  bytes = new Uint8Array(readFileSync(join(PUBLIC, MOSAIC_ASSET_PATH)));
  asset = parseMosaicAsset(bytes);
});

/** Sums and label counts of the committed asset, decoded independently with numpy (float64). */
const GOLDEN = {
  train: {
    imageSum: 14981.377471205546,
    labelCounts: [25248, 4116, 1731, 3604, 2631, 3569, 1567, 3249, 1202, 2349, 910],
    // train-0, row 7, columns 7–9: quarter-grey counts 887, 751, 812 over 1020.
    row7: [887 / 1020, 751 / 1020, 812 / 1020],
  },
  test: {
    imageSum: 57851.310885408544,
    labelCounts: [101735, 11107, 8366, 13794, 8874, 11182, 5960, 13215, 5654, 11798, 9019],
    row7: [329 / 1020, 267 / 1020, 236 / 1020],
  },
};

describe('parseMosaicAsset on the committed public/data/mosaics.bin', () => {
  it('gives the class names, 64 train and 256 test mosaics of 28×28×1, with the values numpy decodes', () => {
    expect(asset.classNames).toEqual(['background', ...ITEM_NAMES]);
    expect(asset.train).toHaveLength(64);
    expect(asset.test).toHaveLength(256);
    for (const split of ['train', 'test'] as const) {
      const samples = asset[split];
      expect(samples.map((s) => s.name)).toEqual(samples.map((_, m) => `${split}-${m}`));
      for (const s of samples) {
        expect([s.width, s.height, s.channels, s.image.length, s.labels.length]).toEqual([28, 28, 1, 784, 784]);
      }
      const imageSum = samples.reduce((sum, s) => s.image.reduce((a, v) => a + v, sum), 0);
      expect(imageSum).toBeCloseTo(GOLDEN[split].imageSum, 6);
      const counts = new Array<number>(11).fill(0);
      for (const s of samples) for (const label of s.labels) counts[label]++;
      expect(counts).toEqual(GOLDEN[split].labelCounts);
      expect(Array.from(samples[0].image.subarray(7 * 28 + 7, 7 * 28 + 10))).toEqual(GOLDEN[split].row7.map(Math.fround));
    }
  });

  it("equals mosaicSplits' 64 labelled and first 256 test mosaics exactly", ({ skip }) => {
    const missing = missingFashionMnist();
    if (missing) {
      console.log(`skipped: ${missing}`); // vitest's default reporter does not show skip notes
      skip(missing);
    }
    const splits = mosaicSplits(MOSAIC_COUNTS, FASHION_MNIST_DIR);
    expectSameSamples(asset.train, splits.train);
    expectSameSamples(asset.test, splits.test.slice(0, 256));
  });
});

describe('parseMosaicAsset errors', () => {
  it('refuses a truncated file, naming its length', () => {
    expectInvalid(() => parseMosaicAsset(bytes.slice(0, bytes.length - 1)), `the file is ${bytes.length - 1} bytes; its header describes ${bytes.length} (truncated)`);
    expectInvalid(() => parseMosaicAsset(bytes.slice(0, 40)), 'its header alone ends at byte');
    expectInvalid(() => parseMosaicAsset(bytes.slice(0, 6)), 'truncated: 6 bytes');
  });

  it('refuses a longer file, another format version and another kind of file', () => {
    expectInvalid(() => parseMosaicAsset(new Uint8Array([...bytes, 0, 0, 0, 0])), `the file is ${bytes.length + 4} bytes; its header describes ${bytes.length}`);
    const version2 = bytes.slice();
    new DataView(version2.buffer).setUint32(4, 2, true);
    expectInvalid(() => parseMosaicAsset(version2), 'format version 2; this reader reads version 1');
    const png = bytes.slice();
    png.set([0x89, 0x50, 0x4e, 0x47]);
    expectInvalid(() => parseMosaicAsset(png), 'not a mosaic asset');
  });

  it('refuses a header that is not JSON or lacks a split', () => {
    const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
    const broken = bytes.slice();
    broken[12] = '!'.charCodeAt(0);
    expectInvalid(() => parseMosaicAsset(broken), 'the header is not JSON');
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as { splits: { name: string }[] };
    header.splits[1].name = 'dev';
    const renamed = bytes.slice();
    renamed.set(new TextEncoder().encode(JSON.stringify(header).padEnd(headerLength)), 12);
    expectInvalid(() => parseMosaicAsset(renamed), "the header lists no 'test' split");
  });
});

describe('loadMosaicAsset', () => {
  it('fetches data/mosaics.bin under the base URL, with or without its trailing slash', async () => {
    const asked: string[] = [];
    const fetch = async (url: string | URL | Request) => {
      asked.push(String(url));
      return new Response(bytes.slice());
    };
    const loaded = await loadMosaicAsset('/demo/', { fetch: fetch as typeof globalThis.fetch });
    await loadMosaicAsset('./sub', { fetch: fetch as typeof globalThis.fetch });
    expect(asked).toEqual(['/demo/data/mosaics.bin', './sub/data/mosaics.bin']);
    expect(loaded.test[5].labels).toEqual(asset.test[5].labels);
  });

  it('says which URL failed and how', async () => {
    const fetch = async () => new Response('no', { status: 404, statusText: 'Not Found' });
    await expect(loadMosaicAsset('/', { fetch })).rejects.toMatchObject({
      name: 'SelectiveKdError',
      code: 'INVALID_INPUT',
      message: 'mosaic asset: fetching /data/mosaics.bin gave HTTP 404 Not Found',
    });
  });
});

describe('the float16 teacher in public/teacher', () => {
  it('stores every weight as float16: 2 bytes for each of the 124 051 weights', () => {
    const model = JSON.parse(readFileSync(join(PUBLIC, 'teacher', 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[]; weights: { shape: number[]; dtype: string; quantization?: { dtype: string } }[] }[];
    };
    const specs = model.weightsManifest.flatMap((group) => group.weights);
    expect(specs.every((spec) => spec.dtype === 'float32' && spec.quantization?.dtype === 'float16')).toBe(true);
    const weights = specs.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1), 0);
    expect(weights).toBe(124_051);
    const files = model.weightsManifest.flatMap((group) => group.paths);
    expect(files.reduce((n, file) => n + readFileSync(join(PUBLIC, 'teacher', file)).length, 0)).toBe(2 * weights);
  });

  it('loads through the browser http loader to the weights numpy rounds, outputs [n,28,28,11] and agrees with the float32 teacher', async () => {
    const teacher = await tfl.loadLayersModel(tf.io.http('http://site.invalid/teacher/model.json', { fetchFunc: fileFetch(join(PUBLIC, 'teacher')) }));
    const original = await tfl.loadLayersModel(tf.io.http('http://site.invalid/strong/model.json', { fetchFunc: fileFetch(STRONG_TEACHER) }));
    // numpy: Σ float64(float16(w)) over the strong teacher's float32 weights.
    let sum = 0;
    for (const weights of teacher.getWeights()) for (const w of weights.dataSync()) sum += w;
    expect(sum).toBeCloseTo(-4403.626663327217, 6);

    const samples = asset.test.slice(0, 32);
    const before = tf.memory().numTensors;
    let agree = 0;
    for (let step = 0; step < 3; step++) {
      const [shape, same] = tf.tidy(() => {
        const x = tf.tensor4d(concat(samples.map((s) => s.image)), [samples.length, 28, 28, 1]);
        const logits = teacher.predict(x) as tf.Tensor;
        const reference = original.predict(x) as tf.Tensor;
        return [logits.shape, tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(reference, -1)), 'int32')).dataSync()[0]];
      });
      expect(shape).toEqual([32, 28, 28, 11]);
      agree = same;
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(agree / (32 * 28 * 28)).toBeGreaterThanOrEqual(0.999);
    teacher.dispose();
    original.dispose();
  });
});

function expectSameSamples(actual: SegmentationSample[], expected: SegmentationSample[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    expect({ name: a.name, width: a.width, height: a.height, channels: a.channels }).toEqual({ name: e.name, width: e.width, height: e.height, channels: e.channels });
    // Bitwise: the float32 values must be the very same numbers, not merely close.
    expect(Buffer.from(a.image.buffer, a.image.byteOffset, a.image.byteLength).equals(Buffer.from(e.image.buffer, e.image.byteOffset, e.image.byteLength)), `${a.name} image`).toBe(true);
    expect(Buffer.from(a.labels.buffer, a.labels.byteOffset, a.labels.byteLength).equals(Buffer.from(e.labels.buffer, e.labels.byteOffset, e.labels.byteLength)), `${a.name} labels`).toBe(true);
  });
}

function expectInvalid(parse: () => unknown, message: string): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(SelectiveKdError);
    expect((error as SelectiveKdError).code).toBe('INVALID_INPUT');
    expect((error as Error).message).toContain(message);
    return;
  }
  throw new Error(`expected SelectiveKdError 'INVALID_INPUT' containing "${message}"`);
}

/** A fetch that answers every URL with the file of the same name in `dir`. */
function fileFetch(dir: string): typeof fetch {
  return async (input) => {
    const url = input instanceof Request ? input.url : String(input);
    return new Response(readFileSync(join(dir, basename(new URL(url).pathname))));
  };
}

function concat(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  arrays.reduce((at, a) => (out.set(a, at), at + a.length), 0);
  return out;
}
