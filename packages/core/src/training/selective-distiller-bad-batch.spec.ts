import { testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { SelectiveKdError, type SelectiveKdErrorCode } from '../selective-kd-error.js';
import type { Batch } from './batch.js';
import { SelectiveDistiller, type SelectiveDistillerConfig } from './selective-distiller.js';

/*
 * Every way a batch can be wrong, given to fit and to evaluate: each must end
 * in a SelectiveKdError with the right code and a message naming the problem,
 * must leave tf.memory().numTensors where it was (issue 11), and in fit must
 * leave the student's weights untouched.
 */

const ITEMS = 6;
const FEATURES = 5;
const CLASSES = 4;
const BATCH = 8;

beforeAll(async () => {
  await initBackend('cpu');
  // The backend's and the layers' first-use tensors exist from here on.
  const d = distiller();
  await d.fit([batch()], { progress: false });
  await d.evaluate([batch()]);
});

function dense(units: number, seed: number, name: string): tfl.LayersModel {
  return tfl.sequential({
    name,
    layers: [
      tfl.layers.dense({ units, inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
    ],
  });
}

/** A fixed linear teacher; `poison` replaces its logits (NaN or Infinity) at one entry. */
function teacher(poison?: number): (x: tf.Tensor | tf.Tensor[]) => tf.Tensor {
  const weights = tf.keep(tf.randomNormal([FEATURES, CLASSES], 0, 1, 'float32', 5));
  return (x) => {
    const logits = tf.reshape(tf.matMul(tf.reshape(x as tf.Tensor, [-1, FEATURES]), weights), [-1, ITEMS, CLASSES]);
    if (poison === undefined) return logits;
    const mark = tf.reshape(tf.oneHot(tf.tensor1d([1], 'int32'), logits.size), logits.shape);
    return tf.where(tf.cast(mark, 'bool'), tf.fill(logits.shape, poison), logits);
  };
}

function distiller(overrides: Partial<SelectiveDistillerConfig> = {}): SelectiveDistiller {
  return new SelectiveDistiller({
    teacher: teacher(),
    student: dense(CLASSES, 1, 'student'),
    modality: testModality(),
    optimizer: tf.train.sgd(0.1),
    ...overrides,
  });
}

/** A good batch with overrides (made before the defaults' tidy, so outside it); every tensor belongs to the batch. */
function batch(overrides: Record<string, unknown> = {}): Batch {
  return tf.tidy(() => ({
    inputs: tf.randomNormal([BATCH, ITEMS, FEATURES], 0, 1, 'float32', 3),
    labels: tf.randomUniform([BATCH, ITEMS], 0, CLASSES, 'int32', 4),
    valid: tf.ones([BATCH, ITEMS]),
    ...overrides,
  })) as Batch;
}

/** A tensor of `shape` filled with `base`, but `value` at flat position 7. */
function withValueAt(shape: number[], value: number, base = 0, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  const values = new Array(shape.reduce((a, b) => a * b, 1)).fill(base);
  values[7] = value;
  return tf.tensor(values, shape, dtype);
}

interface BadCase {
  name: string;
  /** Made lazily, inside the pass, so that nothing exists before fit starts. */
  make: () => unknown;
  code: SelectiveKdErrorCode;
  message: RegExp;
  config?: () => Partial<SelectiveDistillerConfig>;
}

const CASES: BadCase[] = [
  // inputs
  { name: 'NaN in the inputs', make: () => batch({ inputs: withValueAt([BATCH, ITEMS, FEATURES], NaN) }), code: 'NON_FINITE_LOGITS', message: /student and teacher logits contain NaN or Infinity/ },
  { name: 'Infinity in the inputs', make: () => batch({ inputs: withValueAt([BATCH, ITEMS, FEATURES], Infinity) }), code: 'NON_FINITE_LOGITS', message: /student and teacher logits contain NaN or Infinity/ },
  { name: 'inputs of the wrong shape', make: () => batch({ inputs: tf.zeros([BATCH, ITEMS, FEATURES + 2]) }), code: 'INVALID_BATCH', message: /teacher could not run on the batch's inputs \[8,6,7\]/ },
  { name: 'an empty batch', make: () => batch({ inputs: tf.zeros([0, ITEMS, FEATURES]), labels: tf.zeros([0, ITEMS], 'int32'), valid: tf.zeros([0, ITEMS]) }), code: 'EMPTY_BATCH', message: /the batch is empty: inputs \[0,6,5\]/ },
  // models
  { name: 'a teacher that returns NaN', make: () => batch(), config: () => ({ teacher: teacher(NaN) }), code: 'NON_FINITE_LOGITS', message: /^teacher logits contain NaN or Infinity/ },
  { name: 'a teacher that returns Infinity', make: () => batch(), config: () => ({ teacher: teacher(-Infinity) }), code: 'NON_FINITE_LOGITS', message: /^teacher logits contain NaN or Infinity/ },
  { name: 'a student that returns NaN', make: () => batch(), config: () => ({ student: nanStudent() }), code: 'NON_FINITE_LOGITS', message: /^student logits contain NaN or Infinity/ },
  { name: 'a student with more classes than the teacher', make: () => batch(), config: () => ({ student: dense(CLASSES + 1, 2, 'wide') }), code: 'SHAPE_MISMATCH', message: /teacher logits \[8,6,4\] and student logits \[8,6,5\] must match/ },
  { name: 'a student with fewer classes than the teacher', make: () => batch(), config: () => ({ student: dense(CLASSES - 1, 2, 'narrow') }), code: 'SHAPE_MISMATCH', message: /teacher logits \[8,6,4\] and student logits \[8,6,3\] must match/ },
  { name: 'a student that cannot take the inputs', make: () => batch(), config: () => ({ student: otherInputStudent() }), code: 'INVALID_BATCH', message: /student 'other-input' could not run on the batch's inputs \[8,6,5\]/ },
  // labels
  { name: 'labels of the wrong shape', make: () => batch({ labels: tf.zeros([BATCH, ITEMS + 1], 'int32') }), code: 'SHAPE_MISMATCH', message: /labels must have shape \[8,6\] to match logits \[8,6,4\]; got \[8,7\]/ },
  { name: 'labels of another batch size', make: () => batch({ labels: tf.zeros([BATCH - 1, ITEMS], 'int32') }), code: 'SHAPE_MISMATCH', message: /batch sizes differ/ },
  { name: 'float32 class labels', make: () => batch({ labels: tf.zeros([BATCH, ITEMS]) }), code: 'SHAPE_MISMATCH', message: /class-index labels must be int32; got float32/ },
  { name: 'a label equal to the class count', make: () => batch({ labels: withValueAt([BATCH, ITEMS], CLASSES, 0, 'int32') }), code: 'LABEL_OUT_OF_RANGE', message: /must be class indices in \[0, 4\); 1 are not \(valid labels range from 0 to 4\)/ },
  { name: 'a negative label', make: () => batch({ labels: withValueAt([BATCH, ITEMS], -1, 0, 'int32') }), code: 'LABEL_OUT_OF_RANGE', message: /1 are not \(valid labels range from -1 to 0\)/ },
  // valid
  { name: 'valid of 0.5', make: () => batch({ valid: withValueAt([BATCH, ITEMS], 0.5, 1) }), code: 'INVALID_VALIDITY', message: /valid must hold only 0 and 1; 1 entries do not/ },
  { name: 'valid of 2', make: () => batch({ valid: withValueAt([BATCH, ITEMS], 2, 1) }), code: 'INVALID_VALIDITY', message: /1 entries do not/ },
  { name: 'NaN in valid', make: () => batch({ valid: withValueAt([BATCH, ITEMS], NaN, 1) }), code: 'INVALID_VALIDITY', message: /valid must hold only 0 and 1/ },
  { name: 'valid of the wrong shape', make: () => batch({ valid: tf.ones([BATCH, ITEMS, 1]) }), code: 'SHAPE_MISMATCH', message: /valid must have the unit-grid shape \[8,6\]; got \[8,6,1\]/ },
  // the batch's form
  { name: 'a tfjs-style { xs, ys } batch', make: () => tf.tidy(() => ({ xs: tf.zeros([BATCH, ITEMS, FEATURES]), ys: tf.zeros([BATCH, ITEMS], 'int32') })), code: 'INVALID_BATCH', message: /\{ inputs, labels, valid\? \}.*got an object with xs, ys/ },
  { name: 'a batch without labels', make: () => ({ inputs: tf.zeros([BATCH, ITEMS, FEATURES]) }), code: 'INVALID_BATCH', message: /batch\.labels is missing/ },
  { name: 'a batch without inputs', make: () => ({ labels: tf.zeros([BATCH, ITEMS], 'int32') }), code: 'INVALID_BATCH', message: /batch\.inputs is missing/ },
  { name: 'labels as a plain array', make: () => ({ inputs: tf.zeros([BATCH, ITEMS, FEATURES]), labels: [[0, 1]] }), code: 'INVALID_BATCH', message: /batch\.labels must be a tf\.Tensor; got an array/ },
  { name: 'inputs as a string', make: () => ({ inputs: 'x', labels: tf.zeros([BATCH, ITEMS], 'int32') }), code: 'INVALID_BATCH', message: /batch\.inputs must be a tf\.Tensor or an array of them; got a string/ },
  { name: 'valid as a number', make: () => batch({ valid: 1 }), code: 'INVALID_BATCH', message: /batch\.valid must be a tf\.Tensor or left out; got a number/ },
  { name: 'a disposed labels tensor', make: () => batch({ labels: disposed() }), code: 'INVALID_BATCH', message: /batch\.labels has been disposed/ },
  // the teacher's own inputs
  { name: 'teacherInputs of another batch size', make: () => batch({ teacherInputs: tf.zeros([BATCH + 1, ITEMS, FEATURES]) }), code: 'SHAPE_MISMATCH', message: /^batch\.teacherInputs \[9,6,5\] must have the batch size of batch\.inputs \(8 rows\)/ },
  { name: 'teacherInputs the teacher cannot take', make: () => batch({ teacherInputs: tf.zeros([BATCH, ITEMS, FEATURES + 1]) }), code: 'INVALID_BATCH', message: /teacher could not run on the batch's inputs \[8,6,6\]/ },
  { name: 'teacherInputs as a number', make: () => batch({ teacherInputs: 3 }), code: 'INVALID_BATCH', message: /batch\.teacherInputs must be a tf\.Tensor or an array of them, or left out; got a number/ },
  { name: 'a disposed teacherInputs tensor', make: () => batch({ teacherInputs: disposed() }), code: 'INVALID_BATCH', message: /batch\.teacherInputs has been disposed/ },
  // without a teacher
  { name: 'NaN in the inputs of a run without a teacher', make: () => batch({ inputs: withValueAt([BATCH, ITEMS, FEATURES], NaN) }), config: () => ({ teacher: undefined }), code: 'NON_FINITE_LOGITS', message: /^student logits contain NaN or Infinity \(given logits \[8,6,4\]/ },
  { name: 'a label out of range in a run without a teacher', make: () => batch({ labels: withValueAt([BATCH, ITEMS], CLASSES, 0, 'int32') }), config: () => ({ teacher: undefined }), code: 'LABEL_OUT_OF_RANGE', message: /1 are not \(valid labels range from 0 to 4\) \(given logits \[8,6,4\], labels \[8,6\], valid \[8,6\]\)/ },
  { name: 'null instead of a batch', make: () => null, code: 'INVALID_BATCH', message: /\{ inputs, labels, valid\? \}.*got null/ },
];

function nanStudent(): tfl.LayersModel {
  const model = dense(CLASSES, 1, 'nan-student');
  model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, NaN)));
  return model;
}

function otherInputStudent(): tfl.LayersModel {
  return tfl.sequential({ name: 'other-input', layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES + 1] })] });
}

function disposed(): tf.Tensor {
  const t = tf.zeros([BATCH, ITEMS], 'int32');
  t.dispose();
  return t;
}

/**
 * Runs `call` on a one-batch source made lazily and returns the error and the
 * tensor-count change. (SGD makes no slot variables, so even a first step may not grow.)
 */
async function failure(d: SelectiveDistiller, make: () => unknown, call: 'fit' | 'evaluate'): Promise<{ error: unknown; growth: number }> {
  const weights = d.student.getWeights().map((w) => Array.from(w.dataSync()));
  const before = tf.memory().numTensors;
  const source = function* () {
    yield make() as Batch;
  };
  let error: unknown;
  try {
    if (call === 'fit') await d.fit(source, { progress: false });
    else await d.evaluate(source);
  } catch (e) {
    error = e;
  }
  const growth = tf.memory().numTensors - before;
  // A bad batch never changes the weights.
  expect(d.student.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(weights);
  return { error, growth };
}

describe.each(['fit', 'evaluate'] as const)('SelectiveDistiller.%s on a bad batch', (call) => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, { make, code, message, config }) => {
    const { error, growth } = await failure(distiller(config?.()), make, call);
    expect(error).toBeInstanceOf(SelectiveKdError);
    expect((error as SelectiveKdError).code).toBe(code);
    expect((error as SelectiveKdError).message).toMatch(message);
    expect(growth, 'tensors left behind').toBe(0);
  });
});

describe('SelectiveDistiller bad options', () => {
  it('refuses bad fit options before making any tensor', async () => {
    const d = distiller();
    await d.fit([batch()], { progress: false });
    const before = tf.memory().numTensors;
    await expect(d.fit(() => [batch()], { epochs: -1, progress: false })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(d.fit(() => [batch()], { seed: Number.NaN, progress: false })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
