import * as tfl from '@tensorflow/tfjs-layers';
import { MOSAIC_CLASSES, MOSAIC_SIZE } from './mosaics.js';

type Init = () => ReturnType<typeof tfl.initializers.heNormal>;

/**
 * Each layer's initialiser gets its own seed derived from the model's, so one
 * seed fixes all weights. The seeds start at 1: tfjs takes a seed of 0 as
 * "no seed" and draws from Math.random.
 */
function seeded(seed: number): Init {
  let layer = 0;
  return () => tfl.initializers.heNormal({ seed: 1 + seed * 1000 + layer++ });
}

function conv(init: Init, filters: number, strides = 1) {
  return tfl.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation: 'relu', kernelInitializer: init() });
}

function upsample(init: Init, filters: number) {
  return tfl.layers.conv2dTranspose({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init() });
}

function classify(init: Init) {
  return tfl.layers.conv2d({ filters: MOSAIC_CLASSES, kernelSize: 1, kernelInitializer: init() });
}

/**
 * The teacher: a conv encoder–decoder (28 → 14 → 7 → 14 → 28) with a skip
 * connection from full resolution, so it sees whole items and keeps their edges.
 */
export function buildTeacher(seed = 1): tfl.LayersModel {
  const init = seeded(seed);
  const input = tfl.input({ shape: [MOSAIC_SIZE, MOSAIC_SIZE, 1] });
  const full = conv(init, 24).apply(input) as tfl.SymbolicTensor;
  let x = conv(init, 48, 2).apply(full) as tfl.SymbolicTensor;
  x = conv(init, 64, 2).apply(x) as tfl.SymbolicTensor;
  x = conv(init, 64).apply(x) as tfl.SymbolicTensor;
  x = upsample(init, 48).apply(x) as tfl.SymbolicTensor;
  x = upsample(init, 24).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.concatenate().apply([x, full]) as tfl.SymbolicTensor;
  x = conv(init, 24).apply(x) as tfl.SymbolicTensor;
  const logits = classify(init).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ name: 'teacher', inputs: input, outputs: logits });
}

/** The student: the same shape of network without the skip and with fewer channels (≈ 19k weights). */
export function buildStudent(seed: number): tfl.LayersModel {
  const init = seeded(seed);
  const input = tfl.input({ shape: [MOSAIC_SIZE, MOSAIC_SIZE, 1] });
  let x = conv(init, 16, 2).apply(input) as tfl.SymbolicTensor;
  x = conv(init, 32, 2).apply(x) as tfl.SymbolicTensor;
  x = conv(init, 32).apply(x) as tfl.SymbolicTensor;
  x = upsample(init, 16).apply(x) as tfl.SymbolicTensor;
  // Logits at 14×14: the pixel plugin resizes them to the 28×28 label grid.
  const logits = classify(init).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ name: 'student', inputs: input, outputs: logits });
}
