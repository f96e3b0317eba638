import { evaluateModel, initBackend, selectiveDistillationLoss, SelectiveKdError } from '@selective-kd/core';
import { buildTeacher } from '@selective-kd/example-pixel-segmentation/models';
import { pixelModality, segmentationBatches, type SegmentationSample } from '@selective-kd/pixel';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTraining, type LiveEvaluation, type LivePreview } from './live-training.js';
import { MOSAIC_ASSET_PATH, parseMosaicAsset } from './mosaic-asset.js';
import { SHOWN_GATES } from './shown-gates.js';

// The committed page asset (not Debian data): read in the hook, never while vitest collects.
const ASSET = fileURLToPath(new URL(`../public/${MOSAIC_ASSET_PATH}`, import.meta.url));

let teacher: LayersModel;
let train: SegmentationSample[];
let test: SegmentationSample[];

beforeAll(async () => {
  await initBackend('wasm');
  const asset = parseMosaicAsset(new Uint8Array(readFileSync(ASSET)));
  // A few mosaics keep the spec quick; an untrained teacher is enough to exercise the loop.
  train = asset.train.slice(0, 16);
  test = asset.test.slice(0, 70);
  teacher = buildTeacher(1);
});

afterAll(() => teacher?.dispose());

/** Every weight of each model as plain numbers. */
function weightsOf(model: LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

/** Resolves once `check` holds, polling between event-loop turns. */
async function until(check: () => boolean, what: string, timeoutMs = 50_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('LiveTraining', () => {
  it('starts the three students from identical weights and trains them apart on the same batches', async () => {
    const before = tf.memory().numTensors;
    const states: string[] = [];
    const counts: number[] = [];
    const previews: LivePreview[] = [];
    const evaluations: LiveEvaluation[] = [];
    const errors: unknown[] = [];
    const live = await LiveTraining.create({
      teacher,
      train,
      test,
      batchSize: 4,
      previewEvery: 2,
      evaluateEvery: 3,
      stopAfter: 9,
      listener: {
        onState: (state, step) => states.push(`${state}@${step}`),
        onRound: () => counts.push(tf.memory().numTensors),
        onPreview: (p) => previews.push(p),
        onEvaluation: (e) => evaluations.push(e),
        onError: (e) => errors.push(e),
      },
    });
    try {
      const [none, ...others] = SHOWN_GATES.map((gate) => weightsOf(live.students[gate]));
      expect(none.length).toBeGreaterThan(0);
      for (const weights of others) expect(weights).toEqual(none);
      expect(new Set(SHOWN_GATES.map((gate) => live.students[gate])).size).toBe(3);

      live.start();
      await until(() => states.includes('paused@9') || errors.length > 0, 'the pause after stopAfter = 9 steps');
      expect(errors).toEqual([]);
      expect(states).toEqual(['training@0', 'paused@9']);
      expect(live.step).toBe(9);
      expect(live.stepsPerSecond).toBeGreaterThan(0);
      // Paused: no student takes another step.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(live.step).toBe(9);

      // The first round makes Adam's slots; after it nothing is left behind, previews and evaluations included.
      expect(counts).toHaveLength(9);
      expect(counts.slice(1), `live tensors after each round: ${counts.join(', ')}`).toEqual(counts.slice(1).map(() => counts[1]));
      // Every 2 and 3 steps, and the pause at step 9 shows the students as they stand (scored already).
      expect(previews.map((p) => p.step)).toEqual([2, 4, 6, 8, 9]);
      expect(evaluations.map((e) => e.step)).toEqual([3, 6, 9]);

      // Different gates, different students: each trained on its own loss.
      const after = SHOWN_GATES.map((gate) => weightsOf(live.students[gate]));
      expect(after[0]).not.toEqual(none);
      expect(after[1]).not.toEqual(after[0]);
      expect(after[2]).not.toEqual(after[0]);

      // Resuming goes on from step 9 and pausing lands between two rounds.
      live.start();
      await until(() => live.step >= 11, 'two more rounds');
      await live.pause();
      const pausedAt = live.step;
      expect(states.at(-1)).toBe(`paused@${pausedAt}`);
      expect(previews.at(-1)?.step).toBe(pausedAt);
      expect(evaluations.at(-1)?.step).toBe(pausedAt);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(live.step).toBe(pausedAt);
    } finally {
      await live.dispose();
    }
    expect(tf.memory().numTensors, 'tensors left after dispose').toBe(before);
  }, 120_000);

  it("previews the shown student with the loss-compare mask core's selective loss makes, and scores as evaluateModel does", async () => {
    const modality = pixelModality();
    const before = tf.memory().numTensors;
    const live = await LiveTraining.create({ teacher, train, test, stopAfter: 2, batchSize: 4 });
    try {
      live.start();
      await until(() => live.step === 2 && live.stepsPerSecond !== undefined, 'two rounds');
      await live.pause();
      await live.showImage(test.length + 3); // wraps around to mosaic 3
      for (const gate of SHOWN_GATES) {
        await live.show(gate);
        const preview = await live.preview();
        expect([preview.gate, preview.index, preview.count, preview.step]).toEqual([gate, 3, test.length, 2]);
        expect(preview.truth).toEqual(test[3].labels);
        expect(preview.image).toEqual(test[3].image);
        const [batch] = segmentationBatches(test.slice(3, 4), { batchSize: 1, shuffle: false })();
        const result = tf.tidy(() => {
          const inputs = {
            student: live.students[gate].predict(batch.inputs) as tf.Tensor,
            teacher: teacher.predict(batch.inputs) as tf.Tensor,
            labels: batch.labels,
          };
          const { mask, teacherBetterFraction } = selectiveDistillationLoss(inputs, modality, { gate: 'loss-compare' });
          const student = tf.image.resizeBilinear(inputs.student as tf.Tensor4D, [28, 28], false, true);
          return { mask: mask.dataSync(), share: teacherBetterFraction.dataSync()[0], teacher: tf.argMax(inputs.teacher, -1).dataSync(), student: tf.argMax(student, -1).dataSync() };
        });
        tf.dispose([batch.inputs, batch.labels]);
        expect(Array.from(preview.mask)).toEqual(Array.from(result.mask));
        expect(preview.teacherBetter).toBeCloseTo(result.share, 6);
        expect(Array.from(preview.teacher)).toEqual(Array.from(result.teacher));
        expect(Array.from(preview.student)).toEqual(Array.from(result.student));
      }

      const evaluation = await live.evaluate();
      expect(live.teacherMeanIoU).toBeCloseTo((await evaluateModel(teacher, segmentationBatches(test, { shuffle: false }), modality)).metrics.meanIoU, 6);
      for (const gate of SHOWN_GATES) {
        const student = live.students[gate];
        const expected = await evaluateModel(student, segmentationBatches(test, { batchSize: 32, shuffle: false }), modality);
        expect(evaluation.students[gate].meanIoU).toBeCloseTo(expected.metrics.meanIoU, 6);
        expect(evaluation.students[gate].pixelAccuracy).toBeCloseTo(expected.metrics.pixelAccuracy, 6);
        // The test set's teacher-better share: core's loss over all test mosaics at once.
        const [all] = segmentationBatches(test, { batchSize: test.length, shuffle: false })();
        const share = tf.tidy(() => {
          const inputs = { student: student.predict(all.inputs) as tf.Tensor, teacher: teacher.predict(all.inputs) as tf.Tensor, labels: all.labels };
          return selectiveDistillationLoss(inputs, modality, { gate: 'loss-compare' }).teacherBetterFraction.dataSync()[0];
        });
        tf.dispose([all.inputs, all.labels]);
        expect(evaluation.students[gate].teacherBetter).toBeCloseTo(share, 6);
      }
    } finally {
      await live.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('reports a student that cannot train and ends every loop, so nothing waits for its turn forever', async () => {
    // A teacher of ten classes: the distilling students' steps fail, the ground-truth student's do not.
    const before = tf.memory().numTensors;
    const input = tfl.input({ shape: [28, 28, 1] });
    const wrong = tfl.model({ inputs: input, outputs: tfl.layers.conv2d({ filters: 10, kernelSize: 1 }).apply(input) as tfl.SymbolicTensor });
    const errors: unknown[] = [];
    const live = await LiveTraining.create({ teacher: wrong, train, test: test.slice(0, 4), listener: { onError: (e) => errors.push(e) } });
    try {
      live.start();
      await until(() => errors.length > 0, 'the error');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(SelectiveKdError);
      expect((errors[0] as SelectiveKdError).code).toBe('SHAPE_MISMATCH');
      expect(live.step).toBe(0);
    } finally {
      await live.dispose();
      wrong.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects options it cannot use, naming them', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ train: [] }, 'train must hold'],
      [{ test: [] }, 'test must hold'],
      [{ batchSize: 0 }, 'batchSize must be a whole number ≥ 1; got 0'],
      [{ stopAfter: 2.5 }, 'stopAfter must be a whole number ≥ 1; got 2.5'],
      [{ seed: -1 }, 'seed must be a whole number ≥ 0; got -1'],
      [{ learningRate: 0 }, 'learningRate must be a number > 0; got 0'],
      [{ shownGate: 'soft' }, 'shownGate must be one of none, all, loss-compare; got "soft"'],
      [{ teacher: {} }, 'teacher must be a tf.LayersModel'],
    ];
    for (const [override, message] of cases) {
      const created = LiveTraining.create({ teacher, train, test, ...override });
      await expect(created).rejects.toThrow(SelectiveKdError);
      await expect(created).rejects.toThrow(message);
    }
  });
});
