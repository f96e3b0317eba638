import * as tfl from '@tensorflow/tfjs-layers';
import { MOSAIC_CLASSES, MOSAIC_SIZE } from './mosaics.js';

/**
 * Each layer's initialiser gets its own seed derived from the model's, so one
 * seed fixes all weights. The seeds start at 1: tfjs takes a seed of 0 as
 * "no seed" and draws from Math.random.
 */
function seeded(seed: number) {
  let layer = 0;
  return () => tfl.initializers.heNormal({ seed: 1 + seed * 1000 + layer++ });
}

function conv(init: () => ReturnType<typeof tfl.initializers.heNormal>, filters: number, strides = 1, kernelSize = 3) {
  return tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same', activation: 'relu', kernelInitializer: init() });
}

function upsample(init: () => ReturnType<typeof tfl.initializers.heNormal>, filters: number) {
  return tfl.layers.conv2dTranspose({
    filters,
    kernelSize: 3,
    strides: 2,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: init(),
  });
}

/**
 * The teacher: a conv encoder–decoder (56 → 28 → 14 → 28 → 56) with a skip
 * connection from full resolution, so it sees whole items and keeps their edges.
 */
export function buildTeacher(seed = 1): tfl.LayersModel {
  const init = seeded(seed);
  const input = tfl.input({ shape: [MOSAIC_SIZE, MOSAIC_SIZE, 1] });
  const full = conv(init, 16).apply(input) as tfl.SymbolicTensor;
  let x = conv(init, 32, 2).apply(full) as tfl.SymbolicTensor;
  x = conv(init, 48, 2).apply(x) as tfl.SymbolicTensor;
  x = conv(init, 48).apply(x) as tfl.SymbolicTensor;
  x = upsample(init, 32).apply(x) as tfl.SymbolicTensor;
  x = upsample(init, 16).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.concatenate().apply([x, full]) as tfl.SymbolicTensor;
  x = conv(init, 16).apply(x) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .conv2d({ filters: MOSAIC_CLASSES, kernelSize: 1, kernelInitializer: init() })
    .apply(x) as tfl.SymbolicTensor;
  return tfl.model({ name: 'teacher', inputs: input, outputs: logits });
}

/** The student: the same shape of network with a handful of channels (≈ 5k weights). */
export function buildStudent(seed: number): tfl.LayersModel {
  const init = seeded(seed);
  const input = tfl.input({ shape: [MOSAIC_SIZE, MOSAIC_SIZE, 1] });
  let x = conv(init, 8, 2).apply(input) as tfl.SymbolicTensor;
  x = conv(init, 16, 2).apply(x) as tfl.SymbolicTensor;
  x = conv(init, 16).apply(x) as tfl.SymbolicTensor;
  x = upsample(init, 8).apply(x) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .conv2d({ filters: MOSAIC_CLASSES, kernelSize: 1, kernelInitializer: init() })
    .apply(x) as tfl.SymbolicTensor;
  // Logits at 28×28: the pixel plugin resizes them to the 56×56 label grid.
  return tfl.model({ name: 'student', inputs: input, outputs: logits });
}
