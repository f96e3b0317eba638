import { initBackend } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from './architecture.js';
import { ARCHITECTURES, type ShapeOf } from './architectures.js';

const SHAPES: ShapeOf = {
  pixel: { height: 32, width: 24, channels: 3, classes: 5 },
  text: { length: 12, vocabularySize: 40, tags: 7 },
  audio: { frames: 16, context: 2, bins: 24 },
};

/** Inputs of batch 2 for each modality and the logits shape its students must give (pixel: full or half resolution). */
const INPUT: { [M in keyof ShapeOf]: () => tf.Tensor } = {
  pixel: () => tf.zeros([2, 32, 24, 3]),
  text: () => tf.tensor2d(Array.from({ length: 24 }, (_, i) => i % 40), [2, 12], 'int32'),
  audio: () => tf.zeros([2, 16 + 2 * 2, 24, 1]),
};
const OUTPUT: Record<string, number[]> = {
  'pixel conv-stack': [2, 32, 24, 5],
  'pixel encoder-decoder': [2, 16, 12, 5],
  'text conv-tagger': [2, 12, 7],
  'text lookup-tagger': [2, 12, 7],
  'audio conv-frames': [2, 16, 88],
  'audio frame-dense': [2, 16, 88],
};

const cases = (Object.keys(ARCHITECTURES) as (keyof ShapeOf)[]).flatMap((modality) =>
  Object.entries(ARCHITECTURES[modality]).map(([name, architecture]) => [modality, name, architecture as Architecture<unknown>] as const),
);

function defaults(architecture: Architecture<unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(architecture.sizes).map(([key, size]) => [key, size.default]));
}

async function weightsOf(model: LayersModel): Promise<number[]> {
  return (await Promise.all(model.getWeights().map((w) => w.data()))).flatMap((values) => Array.from(values));
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe.each(cases)('the %s architecture %s', (modality, name, architecture) => {
  it('maps a batch to logits of the modality’s layout, named as asked', () => {
    const before = tf.memory().numTensors;
    const model = architecture.build(SHAPES[modality], defaults(architecture), 0, 'my-student');
    const input = INPUT[modality]();
    const out = model.predict(input) as tf.Tensor;
    expect(model.name).toBe('my-student');
    expect(out.shape).toEqual(OUTPUT[`${modality} ${name}`]);
    tf.dispose([input, out]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('draws its weights from the seed alone', async () => {
    const [a, b, c] = [0, 0, 1].map((seed) => architecture.build(SHAPES[modality], defaults(architecture), seed, 'm'));
    const [wa, wb, wc] = await Promise.all([a, b, c].map(weightsOf));
    expect(wa).toEqual(wb);
    expect(wa).not.toEqual(wc);
    [a, b, c].forEach((m) => m.dispose());
  });

  it.each(Object.keys(architecture.sizes))('is resized by its %s option', (key) => {
    const base = architecture.build(SHAPES[modality], defaults(architecture), 0, 'base');
    const other = architecture.build(SHAPES[modality], { ...defaults(architecture), [key]: architecture.sizes[key].default + 1 }, 0, 'other');
    // kernelSize, layers and filters add weights; hidden 0 → 1 puts a one-unit layer in and removes some.
    expect(other.countParams()).not.toBe(base.countParams());
    base.dispose();
    other.dispose();
  });
});

it('counts the parameters of a known build exactly', () => {
  // text conv-tagger, vocabulary 40, 7 tags, embedding 16, one conv of 32 filters over 3 words:
  // 40·16 + (3·16·32 + 32) + (32·7 + 7) = 640 + 1568 + 231.
  const model = ARCHITECTURES.text['conv-tagger'].build(SHAPES.text, { embedding: 16, filters: 32, layers: 1, kernelSize: 3 }, 0, 'm');
  expect(model.countParams()).toBe(640 + 1568 + 231);
  model.dispose();
});
