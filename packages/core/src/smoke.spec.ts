import * as tf from '@tensorflow/tfjs-core';
import { testModality } from '@selective-kd/testing';
import { beforeAll, expect, it } from 'vitest';
import { createSelectiveContainer, DistillerFactory, initBackend, MODALITY, ModalityRegistry, selectiveDistillationLoss } from './index.js';

beforeAll(async () => {
  console.log(await initBackend('cpu'));
});

it('works', () => {
  const c = createSelectiveContainer();
  c.register(MODALITY, { useValue: testModality() });
  expect(c.resolve(ModalityRegistry).names).toEqual(['test-class-index']);
  expect(c.resolve(DistillerFactory)).toBeTruthy();
  const r = selectiveDistillationLoss({ student: tf.randomNormal([2, 3, 4]), teacher: tf.randomNormal([2, 3, 4]), labels: tf.tensor2d([[0, 1, 2], [3, 0, 1]], undefined, 'int32') }, testModality());
  console.log(r.loss.dataSync(), r.mask.arraySync());
});
