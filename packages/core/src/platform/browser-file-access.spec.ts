import { testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { SelectiveDistiller } from '../training/selective-distiller.js';
import { TeacherOutputCache } from '../training/teacher-output-cache.js';

// What a browser bundle of core gets for `#file-access`.
vi.mock('#file-access', () => import('./browser-file-access.js'));

const modality = testModality();

function distiller(): SelectiveDistiller {
  const student = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [1, 2], kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) })] });
  return new SelectiveDistiller({ student, modality });
}

/** One batch of two examples with one unit each: inputs [2, 1, 2], labels [2, 1]. */
const source = () => [{ inputs: tf.tensor3d([[[1, 2]], [[3, 4]]]), labels: tf.tensor2d([[0], [2]], undefined, 'int32') }];

describe("core's browser build without a file system", () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it.each([
    ['checkpoint', { checkpoint: { dir: 'run' } }, 'fit({ checkpoint })'],
    ['resumeFrom', { resumeFrom: 'run' }, 'fit({ resumeFrom })'],
    ['metricsLog', { metricsLog: 'run/metrics.jsonl' }, 'fit({ metricsLog })'],
  ])('refuses %s before training, saying what needs a file system', async (_, options, what) => {
    const d = distiller();
    const before = d.student.getWeights().map((w) => w.dataSync().slice());
    const error = await d.fit(source, { epochs: 1, progress: false, ...options }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SelectiveKdError', code: 'UNSUPPORTED' });
    expect((error as Error).message).toContain(`${what} needs a file system`);
    expect(d.student.getWeights().map((w) => w.dataSync().slice())).toEqual(before);
    d.dispose();
  });

  it('refuses a teacher-output cache on disk', async () => {
    const teacher = (x: tf.Tensor | tf.Tensor[]) => tf.zeros([(x as tf.Tensor).shape[0]!, 1, 3]);
    const error = await TeacherOutputCache.compute(teacher, source, { dir: 'cache', key: 'k' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('trains without them', async () => {
    const d = distiller();
    const result = await d.fit(source, { epochs: 2, progress: false });
    expect(result.history.map((epoch) => Number.isFinite(epoch.loss))).toEqual([true, true]);
    d.dispose();
  });
});
