import { expectNoTensorLeak, selectiveKdRejection, testModality } from '@selective-kd/testing';
import * as tfconv from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import type { Batch, Pass } from './batch.js';
import { evaluateModel } from './evaluate-model.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// Two batches whose inputs are the logits themselves (the model is the identity), with 5 and 2 valid units.
const LOGITS_1 = [
  [[2, -1, 0.5, 0], [0.1, 0.2, 3, -2], [1, 1, 1, 1]],
  [[-1.5, 2.5, 0, 0.3], [0, 0, -4, 2], [3, -3, 0, 1]],
];
const LABELS_1 = [[0, 2, 3], [1, 0, 0]];
const VALID_1 = [[1, 1, 0], [1, 1, 1]];
const LOGITS_2 = [[[0.5, 0.4, 0.3, 0.2], [-2, 1, 1.5, 0], [0, 5, 0, 0]]];
const LABELS_2 = [[3, 2, 1]];
const VALID_2 = [[1, 0, 1]];

const identity = (x: tf.Tensor | tf.Tensor[]) => tf.clone(x as tf.Tensor);

function goldenBatches(): Batch[] {
  return [
    { inputs: tf.tensor3d(LOGITS_1), labels: tf.tensor2d(LABELS_1, undefined, 'int32'), valid: tf.tensor2d(VALID_1) },
    { inputs: tf.tensor3d(LOGITS_2), labels: tf.tensor2d(LABELS_2, undefined, 'int32'), valid: tf.tensor2d(VALID_2) },
  ];
}

const FEATURES = 5;
const CLASSES = 4;

function randomBatches(count: number, seed = 1): () => Batch[] {
  return () =>
    Array.from({ length: count }, (_, i) =>
      tf.tidy(() => ({
        inputs: tf.randomNormal([4, 3, FEATURES], 0, 1, 'float32', seed + i),
        labels: tf.randomUniform([4, 3], 0, CLASSES, 'int32', seed + 100 + i),
      })),
    );
}

function denseModel(dropout = 0): tfl.LayersModel {
  return tfl.sequential({
    name: 'scorer',
    layers: [
      tfl.layers.dense({ units: 8, inputShape: [3, FEATURES], activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
      tfl.layers.dropout({ rate: dropout }),
      tfl.layers.dense({ units: CLASSES, kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }) }),
    ],
  });
}

describe('evaluateModel', () => {
  it('gives the ground-truth loss averaged over every valid unit of the source, and the metrics (golden, numpy float64)', async () => {
    const result = await evaluateModel(identity, goldenBatches(), testModality());
    expect(result.batches).toBe(2);
    // Σ v·CE / Σ v over both batches = 4.625562900472716 / 7; the mean of the two batch means would be 0.69693845746949.
    expect(result.loss).toBeCloseTo(0.6607947000675308, 6);
    expect(result.metrics).toEqual({ accuracy: expect.closeTo(5 / 7, 6) });
  });

  it('runs a tf.LayersModel in inference mode (dropout off) and a tf.GraphModel, as their own functions do', async () => {
    const model = denseModel(0.5);
    const source = randomBatches(3);
    const asFunction = await evaluateModel((x) => model.apply(x, { training: false }) as tf.Tensor, source, testModality());
    expect(await evaluateModel(model, source, testModality())).toEqual(asFunction);
    expect(await evaluateModel(model, source, testModality())).toEqual(asFunction);

    const weights = tf.randomNormal([FEATURES, CLASSES], 0, 1, 'float32', 3);
    const graph = matMulGraphModel(weights);
    const matMul = (x: tf.Tensor | tf.Tensor[]) => tf.reshape(tf.matMul(tf.reshape(x as tf.Tensor, [-1, FEATURES]), weights), [-1, 3, CLASSES]);
    const fromGraph = await evaluateModel(graph, source, testModality());
    const fromFunction = await evaluateModel(matMul, source, testModality());
    expect(fromGraph.loss).toBeCloseTo(fromFunction.loss, 5);
    expect(fromGraph.metrics).toEqual(fromFunction.metrics);
    weights.dispose();
  });

  it('keeps tf.memory().numTensors flat across calls, and frees the batches unless told not to', async () => {
    const model = denseModel();
    await expectNoTensorLeak(() => evaluateModel(model, randomBatches(2), testModality()));
    const kept = randomBatches(2)();
    await evaluateModel(model, kept, testModality(), { disposeBatches: false });
    expect(kept.every((b) => !(b.inputs as tf.Tensor).isDisposed)).toBe(true);
    await evaluateModel(model, kept, testModality());
    expect(kept.every((b) => (b.inputs as tf.Tensor).isDisposed && b.labels.isDisposed)).toBe(true);
  });

  it('hands a function source epoch 0 and the seed', async () => {
    const passes: Pass[] = [];
    const source = (pass: Pass) => {
      passes.push(pass);
      return randomBatches(1)();
    };
    await evaluateModel(denseModel(), source, testModality());
    await evaluateModel(denseModel(), source, testModality(), { seed: 9 });
    expect(passes).toEqual([{ epoch: 0, seed: 0 }, { epoch: 0, seed: 9 }]);
  });
});

describe('evaluateModel errors', () => {
  const rejection = (promise: Promise<unknown>) => selectiveKdRejection(promise);

  it('refuses batches as fit does, naming the model that cannot run on one', async () => {
    const tfjsStyle = [{ xs: tf.zeros([2, 3, FEATURES]), ys: tf.zeros([2, 3]) }] as unknown as Batch[];
    expect(await rejection(evaluateModel(denseModel(), tfjsStyle, testModality()))).toMatchObject({
      code: 'INVALID_BATCH',
      message: expect.stringContaining('rename xs to inputs and ys to labels'),
    });
    const wide = [{ inputs: tf.zeros([2, 3, FEATURES + 1]), labels: tf.zeros([2, 3], 'int32') }];
    expect(await rejection(evaluateModel(denseModel(), wide, testModality()))).toMatchObject({
      code: 'INVALID_BATCH',
      message: expect.stringMatching(/^model 'scorer' could not run on the batch's inputs \[2,3,6\]/),
    });
  });

  it('refuses labels out of range and non-finite logits, naming the model', async () => {
    const outOfRange = goldenBatches();
    outOfRange[0].labels.dispose();
    outOfRange[0].labels = tf.tensor2d([[0, 7, 0], [1, 0, 0]], undefined, 'int32');
    expect(await rejection(evaluateModel(identity, outOfRange, testModality()))).toMatchObject({
      code: 'LABEL_OUT_OF_RANGE',
      message: expect.stringContaining('1 are not'),
    });
    const nan = (x: tf.Tensor | tf.Tensor[]) => tf.div(tf.clone(x as tf.Tensor), 0);
    expect(await rejection(evaluateModel(nan, goldenBatches(), testModality()))).toMatchObject({
      code: 'NON_FINITE_LOGITS',
      message: "the model's logits contain NaN or Infinity (logits [2,3,4], labels [2,3])",
    });
  });

  it('refuses an empty source, a model with two outputs, a non-model and options that do not apply', async () => {
    expect(await rejection(evaluateModel(identity, [], testModality()))).toMatchObject({ code: 'EMPTY_DATASET' });
    const twoHeads = (x: tf.Tensor | tf.Tensor[]) => [tf.clone(x as tf.Tensor), tf.clone(x as tf.Tensor)] as unknown as tf.Tensor;
    expect(await rejection(evaluateModel(twoHeads, goldenBatches(), testModality()))).toMatchObject({
      code: 'INVALID_MODEL',
      message: 'the model must return one logits tensor; it returned an array of 2',
    });
    expect(await rejection(evaluateModel({} as never, goldenBatches(), testModality()))).toMatchObject({ code: 'INVALID_MODEL' });
    expect(await rejection(evaluateModel(identity, [], testModality(), { teacherOutputs: {} } as never))).toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringContaining('teacherOutputs does not apply'),
    });
    expect(await rejection(evaluateModel(identity, [], testModality(), { seed: 1.5 }))).toMatchObject({
      code: 'INVALID_OPTION',
      message: 'seed must be a whole number; got 1.5',
    });
  });

  it('leaves no tensor behind when a batch is refused', async () => {
    const before = tf.memory().numTensors;
    const nan = (x: tf.Tensor | tf.Tensor[]) => tf.div(tf.clone(x as tf.Tensor), 0);
    await rejection(evaluateModel(nan, goldenBatches(), testModality()));
    // The refused batch is freed; the batch after it was never drawn from the array, so it is still there.
    expect(tf.memory().numTensors).toBe(before + 3);
  });
});

function matMulGraphModel(weights: tf.Tensor) {
  const dim = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
  return tfconv.loadGraphModelSync({
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dim(-1, 3, FEATURES) } } },
        { name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dim(FEATURES, CLASSES) } } } },
        { name: 'logits', op: 'BatchMatMulV2', input: ['x', 'w'], attr: { T: { type: 'DT_FLOAT' }, adj_x: { b: false }, adj_y: { b: false } } },
      ],
      versions: { producer: 1 },
    },
    weightSpecs: [{ name: 'w', shape: [FEATURES, CLASSES], dtype: 'float32' }],
    weightData: (weights.dataSync() as Float32Array).slice().buffer,
  });
}
