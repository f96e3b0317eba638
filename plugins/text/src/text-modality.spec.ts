import { initBackend, selectiveDistillationLoss, type Gate } from '@selective-kd/core';
import { expectNoTensorLeak, expectSelectiveKdError, expectTensorClose, pluginContractSuite } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TagSet } from './tag-set.js';
import { textModality } from './text-modality.js';
import { tokenize } from './tokenize.js';

beforeAll(async () => {
  await initBackend('cpu');
});

interface Golden {
  temperature: number;
  student: number[][][];
  teacher: number[][][];
  labels: number[][];
  valid: number[][];
  unitLoss: number[][];
  unitDivergence: number[][];
  cases: { gate: Gate; loss: number; groundTruthLoss: number; distillLoss: number; teacherBetterFraction: number; mask: number[][] }[];
}
// Written by fixtures/golden/make_golden.py, a float64 reference in plain Python.
const golden = JSON.parse(readFileSync(new URL('../fixtures/golden/golden.json', import.meta.url), 'utf8')) as Golden;

// 2 sentences of 5 token positions, 4 tags; the second sentence is padded after 3 tokens.
const valid = () => tf.tensor2d([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]);
pluginContractSuite({
  create: () => textModality(),
  sampleInputs: () => ({
    student: tf.randomNormal([2, 5, 4], 0, 2, 'float32', 1),
    teacher: tf.randomNormal([2, 5, 4], 0, 2, 'float32', 2),
    labels: tf.tensor2d([[0, 1, 2, 3, 0], [3, 3, 1, 0, 0]], undefined, 'int32'),
    valid: valid(),
  }),
  allInvalidInputs: () => ({
    student: tf.randomNormal([2, 5, 4], 0, 2, 'float32', 1),
    teacher: tf.randomNormal([2, 5, 4], 0, 2, 'float32', 2),
    labels: tf.zeros([2, 5], 'int32'),
    valid: tf.zeros([2, 5]),
  }),
  maskContext: [tokenize('The old man saw it'), tokenize('It sank .')],
});

describe('textModality', () => {
  const goldenInputs = () => ({
    student: tf.tensor3d(golden.student),
    teacher: tf.tensor3d(golden.teacher),
    labels: tf.tensor2d(golden.labels, undefined, 'int32'),
    valid: tf.tensor2d(golden.valid),
  });

  it('computes per-token cross-entropy and KL at τ as the float64 reference does', () => {
    const plugin = textModality();
    const { student, teacher, labels } = goldenInputs();
    expectTensorClose(plugin.unitLoss(student, labels), golden.unitLoss, { rtol: 1e-5, atol: 1e-6 });
    expectTensorClose(plugin.unitDivergence(teacher, student, golden.temperature), golden.unitDivergence, { rtol: 1e-5, atol: 1e-6 });
  });

  it('computes the selective loss on a padded batch as the float64 reference does, padding never counting', () => {
    for (const expected of golden.cases) {
      const result = selectiveDistillationLoss(goldenInputs(), textModality(), { gate: expected.gate, temperature: golden.temperature });
      expectTensorClose(result.loss, expected.loss, { rtol: 1e-5 });
      expectTensorClose(result.groundTruthLoss, expected.groundTruthLoss, { rtol: 1e-5 });
      expectTensorClose(result.distillLoss, expected.distillLoss, { rtol: 1e-5, atol: 1e-7 });
      expectTensorClose(result.teacherBetterFraction, expected.teacherBetterFraction, { rtol: 1e-6 });
      expect(result.mask.arraySync(), expected.gate).toEqual(expected.mask);
    }
  });

  it('hand-checks one token: uniform logits cost ln C, (ln 3, 0) against label 0 costs ln(4/3)', () => {
    const plugin = textModality();
    const loss = plugin.unitLoss(tf.tensor3d([[[0, 0], [Math.log(3), 0]]]), tf.tensor2d([[0, 0]], undefined, 'int32'));
    expectTensorClose(loss, [[Math.log(2), Math.log(4 / 3)]]);
    // τ = 2: teacher (2 ln 3, 0)/2 → p = (3/4, 1/4); student (0, 0) → q = (1/2, 1/2).
    const kl = plugin.unitDivergence(tf.tensor3d([[[2 * Math.log(3), 0]]]), tf.tensor3d([[[0, 0]]]), 2);
    expectTensorClose(kl, [[0.75 * Math.log(1.5) + 0.25 * Math.log(0.5)]]);
  });

  it('marks padding and ignore-label tokens invalid and zeroes their labels', () => {
    const grid = textModality({ ignoreLabel: 9 }).toUnits({
      student: tf.zeros([1, 4, 2]),
      teacher: tf.zeros([1, 4, 2]),
      labels: tf.tensor2d([[1, 9, 0, 1]], undefined, 'int32'),
      valid: tf.tensor2d([[1, 1, 1, 0]]),
    });
    expect(grid.labels.arraySync()).toEqual([[1, 0, 0, 1]]);
    expect(grid.valid.arraySync()).toEqual([[1, 0, 1, 0]]);
  });

  it('exports the mask as one entry per token with its word and character span', () => {
    const plugin = textModality();
    const text = 'Dogs  bark.';
    const mask = tf.tensor2d([[0, 0, 0, 0], [1, 0, 1, 0]]);
    const entries = plugin.maskLayout.export(mask, 1, [[], tokenize(text)]);
    expect(entries).toEqual([
      { position: 0, teacherBetter: true, token: { text: 'Dogs', start: 0, end: 4 } },
      { position: 1, teacherBetter: false, token: { text: 'bark', start: 6, end: 10 } },
      { position: 2, teacherBetter: true, token: { text: '.', start: 10, end: 11 } },
    ]);
    expect(plugin.maskLayout.export(mask, 1, undefined).map((e) => e.teacherBetter)).toEqual([true, false, true, false]);
    expectSelectiveKdError(() => plugin.maskLayout.export(mask, 0, [tokenize('a b c d e')]), 'SHAPE_MISMATCH', '5 tokens', '4 positions');
  });

  it('names per-tag metrics by the tag set', () => {
    const metrics = textModality({ tagSet: new TagSet(['NOUN', 'VERB']) }).createMetrics();
    metrics.update(tf.tensor3d([[[1, 0], [1, 0]]]), tf.tensor2d([[0, 1]], undefined, 'int32'), tf.tensor2d([[1, 1]]));
    expect(Object.keys(metrics.result())).toEqual(['tokenAccuracy', 'macroF1', 'f1/NOUN', 'f1/VERB']);
  });

  it('refuses inputs and labels of unequal length, and layouts that are not [B,T,C] and [B,T], naming the shapes', () => {
    const plugin = textModality();
    expectSelectiveKdError(
      () => plugin.toUnits({ student: tf.zeros([1, 4, 3]), teacher: tf.zeros([1, 4, 3]), labels: tf.zeros([1, 5], 'int32') }),
      'SHAPE_MISMATCH',
      'one label per token',
      'student [1,4,3]',
      'labels [1,5]',
    );
    expectSelectiveKdError(
      () => plugin.toUnits({ student: tf.zeros([4, 3]), teacher: tf.zeros([4, 3]), labels: tf.zeros([4], 'int32') }),
      'SHAPE_MISMATCH',
      'token logits must be [batch, tokens, classes]',
    );
    expectSelectiveKdError(
      () => plugin.toUnits({ student: tf.zeros([1, 4, 3]), teacher: tf.zeros([1, 4, 3]), labels: tf.zeros([1, 4], 'int32'), valid: tf.ones([1, 3]) }),
      'SHAPE_MISMATCH',
      "valid must have the labels' shape",
    );
    expectSelectiveKdError(() => textModality({ ignoreLabel: 0.5 }), 'INVALID_OPTION', 'ignoreLabel must be an integer; got 0.5');
  });

  it('leaks no tensors from toUnits, the losses and the mask export', async () => {
    const plugin = textModality();
    const inputs = goldenInputs();
    await expectNoTensorLeak(() => {
      const grid = plugin.toUnits(inputs);
      const made = [grid.labels, grid.valid, plugin.unitLoss(grid.student, grid.labels), plugin.unitDivergence(grid.teacher, grid.student, 2)];
      plugin.maskLayout.export(inputs.valid, 0, undefined);
      tf.dispose(made);
    });
    tf.dispose(Object.values(inputs));
  });
});
