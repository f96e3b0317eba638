import { expectNoTensorLeak, expectTensorClose, selectiveKdErrorFrom, selectiveKdRejection, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import type { Batch } from './batch.js';
import { checkBatch } from './check-batch.js';
import type { StepLogs } from './distiller-callbacks.js';
import { SelectiveDistiller } from './selective-distiller.js';
import { TeacherOutputCache } from './teacher-output-cache.js';
import { TeacherWorker } from './teacher-worker.js';

// `batch.teacherInputs`: the teacher reads its own inputs. Here the student reads 3 features per item and the
// teacher 7 (its own feature pipeline: a different input size), for the same 6 examples of 5 items.
const ITEMS = 5;
const STUDENT_FEATURES = 3;
const TEACHER_FEATURES = 7;
const CLASSES = 4;
const ROWS = 6;

beforeAll(async () => {
  await initBackend('cpu');
});

function batch(seed: number, overrides: Partial<Batch> = {}): Batch {
  return tf.tidy(() => ({
    inputs: tf.randomNormal([ROWS, ITEMS, STUDENT_FEATURES], 0, 1, 'float32', seed),
    teacherInputs: tf.randomNormal([ROWS, ITEMS, TEACHER_FEATURES], 0, 1, 'float32', seed + 1000),
    labels: tf.randomUniform([ROWS, ITEMS], 0, CLASSES, 'int32', seed + 2000),
    indices: Array.from({ length: ROWS }, (_, b) => ROWS * (seed - 1) + b),
    ...overrides,
  }));
}

const batches = (count: number) =>
  function* () {
    for (let i = 1; i <= count; i++) yield batch(i);
  };

function dense(features: number, seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, features], kernelInitializer: tfl.initializers.glorotUniform({ seed }) })],
  });
}

/** Runs fit and returns each step's numbers and the student's weights after it. */
async function train(
  teacher: ConstructorParameters<typeof SelectiveDistiller>[0]['teacher'],
  source: () => Iterable<Batch> | AsyncIterable<Batch>,
  fitOptions: Parameters<SelectiveDistiller['fit']>[1] = {},
) {
  const losses: number[][] = [];
  const d = new SelectiveDistiller({ teacher, student: dense(STUDENT_FEATURES, 1), modality: testModality(), optimizer: tf.train.adam(0.05) });
  const onStepEnd = (s: StepLogs) => void losses.push([s.loss, s.distillLoss, s.teacherBetterFraction]);
  await d.fit(source, { epochs: 2, progress: false, ...fitOptions, callbacks: [{ onStepEnd }] });
  d.dispose();
  return { losses, weights: d.student.getWeights().map((w) => Array.from(w.dataSync())) };
}

describe('batch.teacherInputs', () => {
  it('is what the teacher runs on, in fit and in evaluate; the student gets inputs', async () => {
    const teacher = dense(TEACHER_FEATURES, 5);
    const seen: tf.Tensor[] = [];
    const given: Batch[] = [];
    const source = function* () {
      for (const b of batches(2)()) yield given[given.push(b) - 1];
    };
    const d = new SelectiveDistiller({
      teacher: (x) => {
        seen.push(x as tf.Tensor);
        return teacher.predict(x) as tf.Tensor;
      },
      student: dense(STUDENT_FEATURES, 1),
      modality: testModality(),
    });
    await d.fit(source, { progress: false });
    const evaluation = await d.evaluate(source);
    d.dispose();
    // The very tensors of each batch: 2 training steps, 2 evaluation batches.
    expect(seen).toHaveLength(4);
    seen.forEach((x, i) => expect(x).toBe(given[i].teacherInputs));
    expect(evaluation.teacher?.accuracy).toBeGreaterThanOrEqual(0);
    // Disposed with the batch.
    for (const b of given) expect((b.teacherInputs as tf.Tensor).isDisposed).toBe(true);
  });

  it('trains exactly as a teacher that finds its own inputs by the student inputs does', async () => {
    const teacher = dense(TEACHER_FEATURES, 5);
    const own = await train(teacher, batches(3));
    // The same data without teacherInputs: the teacher looks its inputs up by the student's input tensor.
    const theirs = new Map<tf.Tensor, tf.Tensor>();
    const lookedUp = function* () {
      for (const { teacherInputs, ...b } of batches(3)()) {
        theirs.set(b.inputs as tf.Tensor, teacherInputs as tf.Tensor);
        yield b;
      }
    };
    const workaround = await train((x) => teacher.predict(theirs.get(x as tf.Tensor)!) as tf.Tensor, lookedUp);
    tf.dispose([...theirs.values()]);
    expect(own.losses).toHaveLength(6);
    expect(own.losses).toEqual(workaround.losses);
    expect(own.weights).toEqual(workaround.weights);
    // The teacher did distil: a distillation term in every step.
    for (const [, distill] of own.losses) expect(distill).toBeGreaterThan(0);
  });

  it('keeps tf.memory().numTensors flat across steps', async () => {
    const counts: number[] = [];
    const d = new SelectiveDistiller({ teacher: dense(TEACHER_FEATURES, 5), student: dense(STUDENT_FEATURES, 1), modality: testModality() });
    await d.fit(batches(6), { progress: false, callbacks: [{ onStepEnd: () => void counts.push(tf.memory().numTensors) }] });
    expect(counts.slice(1)).toEqual(counts.slice(1).map(() => counts[1]));
    await expectNoTensorLeak(() => d.evaluate(batches(2)), { warmup: 1, steps: 3 });
    d.dispose();
  });

  it('must agree with inputs in batch size: a clear error naming teacherInputs, and the batch is still freed', async () => {
    const bad = batch(1, { teacherInputs: tf.zeros([ROWS - 1, ITEMS, TEACHER_FEATURES]) });
    const error = selectiveKdErrorFrom(() => checkBatch(bad));
    expect(error.code).toBe('SHAPE_MISMATCH');
    expect(error.message).toBe(
      `batch.teacherInputs [${ROWS - 1},${ITEMS},${TEACHER_FEATURES}] must have the batch size of batch.inputs (${ROWS} rows): ` +
        'the teacher reads its own inputs for the same examples',
    );
    const listed = batch(1, { teacherInputs: [tf.zeros([ROWS, 2]), tf.zeros([ROWS + 1, 2])] });
    expect(selectiveKdErrorFrom(() => checkBatch(listed)).message).toMatch(/^batch\.teacherInputs\[1\] \[7,2\] must have the batch size/);
    tf.dispose(listed as unknown as tf.TensorContainer);

    const d = new SelectiveDistiller({ teacher: dense(TEACHER_FEATURES, 5), student: dense(STUDENT_FEATURES, 1), modality: testModality() });
    const before = tf.memory().numTensors;
    const again = batch(1, { teacherInputs: tf.zeros([ROWS + 2, ITEMS, TEACHER_FEATURES]) });
    expect((await selectiveKdRejection(d.fit([again], { progress: false }))).message).toContain('batch.teacherInputs [8,5,7]');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(bad as unknown as tf.TensorContainer);
    d.dispose();
  });

  it('refuses teacherInputs that are not tensors', () => {
    const b = batch(1);
    const error = selectiveKdErrorFrom(() => checkBatch({ ...b, teacherInputs: [1, 2] }));
    expect([error.code, error.message]).toEqual(['INVALID_BATCH', 'batch.teacherInputs must be a tf.Tensor or an array of them, or left out; got an array']);
    tf.dispose(b as unknown as tf.TensorContainer);
  });

  it('fills a TeacherOutputCache: the cached rows are the teacher on teacherInputs, and training from the cache matches', async () => {
    const teacher = dense(TEACHER_FEATURES, 5);
    const cache = await TeacherOutputCache.compute(teacher, batches(3));
    const expected = tf.tidy(() => tf.concat([...batches(3)()].map((b) => teacher.predict(b.teacherInputs!) as tf.Tensor)));
    const rows = cache.gather([...Array(3 * ROWS).keys()]);
    expectTensorClose(rows, expected, { rtol: 0, atol: 0 });
    tf.dispose([rows, expected]);
    const inline = await train(teacher, batches(3));
    const cached = await train(teacher, batches(3), { teacherOutputs: cache });
    expect(cached.losses).toEqual(inline.losses);
    expect(cached.weights).toEqual(inline.weights);
  });

  it('goes to a TeacherWorker, which runs the teacher on them', async () => {
    const teacher = dense(TEACHER_FEATURES, 5);
    const inline = await train(teacher, batches(3));
    const worker = await TeacherWorker.start(teacher, { backend: 'cpu' });
    try {
      const ahead = await train(teacher, worker.ahead(batches(3)), { teacherOutputs: worker });
      expectTensorClose(ahead.losses, inline.losses, { rtol: 0, atol: 1e-6 });
      ahead.weights.forEach((w, i) => expectTensorClose(w, inline.weights[i], { rtol: 0, atol: 1e-6 }));
    } finally {
      await worker.terminate();
    }
  });
});
