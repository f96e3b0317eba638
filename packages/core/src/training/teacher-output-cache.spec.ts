import { expectNoTensorLeak, expectTensorClose, selectiveKdRejection, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import type { Batch, Pass } from './batch.js';
import type { StepLogs } from './distiller-callbacks.js';
import { SelectiveDistiller } from './selective-distiller.js';
import { TeacherOutputCache } from './teacher-output-cache.js';

// 10 examples of 5 items × 3 features each, 4 classes; the truth is argmax(x·W).
const EXAMPLES = 10;
const ITEMS = 5;
const FEATURES = 3;
const CLASSES = 4;

let data: { inputs: Float32Array; labels: Int32Array };

beforeAll(async () => {
  await initBackend('cpu');
  data = tf.tidy(() => {
    const inputs = tf.randomNormal([EXAMPLES, ITEMS, FEATURES], 0, 1, 'float32', 3);
    const truth = tf.randomNormal([FEATURES, CLASSES], 0, 1, 'float32', 4);
    const labels = tf.argMax(tf.matMul(tf.reshape(inputs, [-1, FEATURES]), truth), -1);
    return { inputs: inputs.dataSync() as Float32Array, labels: Int32Array.from(labels.dataSync()) };
  });
});

/** A batch source over the 10 examples in batches of `size`, shuffled per epoch when asked. */
function source({ size = 4, shuffle = false, indices = true } = {}): (pass: Pass) => Generator<Batch> {
  return function* ({ epoch }: Pass) {
    const order = Array.from({ length: EXAMPLES }, (_, i) => i);
    if (shuffle) order.sort((a, b) => ((a * 7 + epoch * 3) % 11) - ((b * 7 + epoch * 3) % 11));
    for (let start = 0; start < EXAMPLES; start += size) {
      const rows = order.slice(start, start + size);
      const per = ITEMS * FEATURES;
      yield {
        inputs: tf.tensor3d(rows.flatMap((i) => Array.from(data.inputs.subarray(i * per, (i + 1) * per))), [rows.length, ITEMS, FEATURES]),
        labels: tf.tensor2d(rows.flatMap((i) => Array.from(data.labels.subarray(i * ITEMS, (i + 1) * ITEMS))), [rows.length, ITEMS], 'int32'),
        ...(indices ? { indices: rows } : {}),
      };
    }
  };
}

function denseModel(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) })],
  });
}

/** The teacher's logits for every example, run directly: the reference a cache must reproduce. */
function teacherLogitsOfAll(teacher: tfl.LayersModel): number[] {
  return tf.tidy(() => Array.from((teacher.predict(tf.tensor3d(data.inputs, [EXAMPLES, ITEMS, FEATURES])) as tf.Tensor).dataSync()));
}

const rowsOf = (all: number[], indices: number[]) => indices.flatMap((i) => all.slice(i * ITEMS * CLASSES, (i + 1) * ITEMS * CLASSES));

describe('TeacherOutputCache.compute in memory', () => {
  it('keeps one logits row per example and gathers them exactly, whatever the pass order', async () => {
    const teacher = denseModel(5);
    const expected = teacherLogitsOfAll(teacher);
    const before = tf.memory().numTensors;
    const cache = await TeacherOutputCache.compute(teacher, source({ shuffle: true, size: 3 }));
    expect(tf.memory().numTensors).toBe(before); // holds no tensors, leaves no batch behind
    expect([cache.rows, cache.rowShape, cache.storage, cache.origin]).toEqual([EXAMPLES, [ITEMS, CLASSES], 'float32', 'teacher']);
    expect(cache.byteLength).toBe(EXAMPLES * ITEMS * CLASSES * 4);
    const gathered = cache.gather([7, 0, 7, 9]);
    expect(gathered.shape).toEqual([4, ITEMS, CLASSES]);
    expect(Array.from(gathered.dataSync())).toEqual(Array.from(Float32Array.from(rowsOf(expected, [7, 0, 7, 9]))));
    gathered.dispose();
    const ordered = await TeacherOutputCache.compute(teacher, source());
    expect(ordered.fingerprint).toEqual(cache.fingerprint); // the data fingerprint does not depend on the order
  });

  it('stores float16 within its bound and topK with the kept logits exact', async () => {
    const teacher = denseModel(5);
    const expected = teacherLogitsOfAll(teacher);
    const half = await TeacherOutputCache.compute(teacher, source(), { storage: 'float16' });
    expect(half.byteLength).toBe(EXAMPLES * ITEMS * CLASSES * 2);
    const got = Array.from(half.gather([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).dataSync());
    got.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(Math.max(2 ** -11 * Math.abs(expected[i]), 2 ** -25)));
    const top = await TeacherOutputCache.compute(teacher, source(), { storage: { topK: 2 } });
    const restored = Array.from(top.gather([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).dataSync());
    for (let unit = 0; unit < EXAMPLES * ITEMS; unit++) {
      const row = expected.slice(unit * CLASSES, (unit + 1) * CLASSES);
      const kept = row.map((v, c) => [v, c]).sort((a, b) => b[0] - a[0]).slice(0, 2).map(([, c]) => c);
      kept.forEach((c) => expect(restored[unit * CLASSES + c]).toBe(Math.fround(row[c])));
    }
  });

  it('refuses a source without indices, with a row twice or a row missing, and no batches', async () => {
    const teacher = denseModel(5);
    const fails = async (src: Parameters<typeof TeacherOutputCache.compute>[1], ...parts: string[]) => {
      const before = tf.memory().numTensors;
      const error = await selectiveKdRejection(TeacherOutputCache.compute(teacher, src));
      for (const part of parts) expect(error.message).toContain(part);
      expect(tf.memory().numTensors).toBe(before);
    };
    await fails(source({ indices: false }), 'batch 0 has no indices', 'Batch.indices');
    const twice = function* () {
      for (const batch of source({ size: 5 })({ epoch: 0, seed: 0 })) yield { ...batch, indices: [0, 1, 2, 3, 4] };
    };
    await fails(twice, 'example 0 came twice in one pass (again in batch 1)');
    const gap = function* () {
      for (const batch of source({ size: 5 })({ epoch: 0, seed: 0 })) yield { ...batch, indices: batch.indices!.map((i) => (i === 3 ? 10 : i)) };
    };
    await fails(gap, 'example 3 never came in the pass, though indices go up to 10');
    await fails([], 'no batches');
    await fails(function* () {
      for (const batch of source({ size: 5 })({ epoch: 0, seed: 0 })) yield { ...batch, indices: [1, 2] };
    }, 'batch 0 has 5 rows but 2 indices');
  });

  it('gather refuses indices outside the rows, and everything after dispose()', async () => {
    const cache = await TeacherOutputCache.compute(denseModel(5), source());
    expect(() => cache.gather([3, 10])).toThrow(/example index 10 is outside the teacher-output cache's 10 rows \(0…9\)/);
    expect(() => cache.gather([-1])).toThrow(SelectiveKdError);
    cache.dispose();
    expect(cache.byteLength).toBe(0);
    expect(() => cache.gather([0])).toThrow(/has been disposed/);
  });
});

describe('SelectiveDistiller with teacherOutputs', () => {
  /** Trains a fresh seed-1 student for 3 epochs on a shuffled source; gives per-step losses and final weights. */
  async function train(teacherOutputs?: TeacherOutputCache) {
    const losses: number[][] = [];
    const distiller = new SelectiveDistiller({
      teacher: denseModel(5),
      student: denseModel(1),
      modality: testModality(),
      optimizer: tf.train.adam(0.05),
    });
    const onStepEnd = (logs: StepLogs) => void losses.push([logs.loss, logs.groundTruthLoss, logs.distillLoss, logs.teacherBetterFraction]);
    await distiller.fit(source({ shuffle: true, size: 3 }), { epochs: 3, progress: false, teacherOutputs, callbacks: [{ onStepEnd }] });
    const evaluation = await distiller.evaluate(source(), { teacherOutputs });
    const weights = distiller.student.getWeights().map((w) => Array.from(w.dataSync()));
    distiller.optimizer.dispose();
    return { losses, weights, evaluation };
  }

  it('gives the same per-step losses, final weights and evaluation as running the teacher', async () => {
    const inline = await train();
    const cache = await TeacherOutputCache.compute(denseModel(5), source());
    const cached = await train(cache);
    expect(cached.losses).toHaveLength(12);
    expectTensorClose(cached.losses, inline.losses, { rtol: 0, atol: 1e-6 });
    cached.weights.forEach((w, i) => expectTensorClose(w, inline.weights[i], { rtol: 0, atol: 1e-6 }));
    expect(cached.evaluation).toEqual(inline.evaluation);
  });

  it('does not call the teacher and keeps tf.memory().numTensors flat across steps', async () => {
    let calls = 0;
    const model = denseModel(5);
    const teacher = (x: tf.Tensor | tf.Tensor[]) => (calls++, model.predict(x) as tf.Tensor);
    const cache = await TeacherOutputCache.compute(teacher, source());
    expect(calls).toBe(3);
    const distiller = new SelectiveDistiller({ teacher, student: denseModel(1), modality: testModality() });
    await expectNoTensorLeak(() => distiller.fit(source({ shuffle: true }), { progress: false, teacherOutputs: cache }), { steps: 3 });
    await expectNoTensorLeak(() => distiller.evaluate(source(), { teacherOutputs: cache }), { steps: 2 });
    expect(calls).toBe(3);
  });

  it('refuses batches without indices or from another dataset, topK on multi-label units, and a non-cache', async () => {
    const cache = await TeacherOutputCache.compute(denseModel(5), source());
    const distiller = new SelectiveDistiller({ teacher: denseModel(5), student: denseModel(1), modality: testModality() });
    const top = await TeacherOutputCache.compute(denseModel(5), source(), { storage: { topK: 2 } });
    const multi = new SelectiveDistiller({ teacher: denseModel(5), student: denseModel(1), modality: testModality({ target: 'multi-label' }) });
    const before = tf.memory().numTensors;
    const run = (src: Parameters<typeof distiller.fit>[0], teacherOutputs: unknown = cache) =>
      selectiveKdRejection(distiller.fit(src, { progress: false, teacherOutputs: teacherOutputs as TeacherOutputCache }));
    const noIndices = await run(source({ indices: false }));
    expect([noIndices.code, noIndices.message]).toEqual(['INVALID_INPUT', expect.stringContaining('a batch has none')]);
    const outside = await run(function* () {
      for (const batch of source()({ epoch: 0, seed: 0 })) yield { ...batch, indices: batch.indices!.map((i) => i + 7) };
    });
    expect([outside.code, outside.message]).toEqual(['INVALID_INPUT', expect.stringContaining('example index 10 is outside')]);
    expect((await run(source(), { gather: () => undefined })).code).toBe('INVALID_OPTION');
    const refused = await selectiveKdRejection(multi.evaluate(source(), { teacherOutputs: top }));
    expect([refused.code, refused.message]).toEqual(['INVALID_OPTION', expect.stringContaining("'item' units are multi-label")]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
