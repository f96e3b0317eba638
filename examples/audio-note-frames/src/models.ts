import { PIANO_KEYS } from '@selective-kd/audio';
import * as tfl from '@tensorflow/tfjs-layers';

/** What the models read: excerpts of `frames` frames with `context` frames either side, `bins` features each. */
export interface InputShape {
  frames: number;
  context: number;
  bins: number;
}

/**
 * Initialisers seeded from the model's seed, a different seed for each layer,
 * so one seed fixes all weights. The seeds start at 1: tfjs takes a seed of 0
 * as "no seed" and draws from Math.random.
 */
function seeded(seed: number) {
  let layer = 0;
  const next = () => 1 + seed * 1000 + layer++;
  return { he: () => tfl.initializers.heNormal({ seed: next() }), glorot: () => tfl.initializers.glorotNormal({ seed: next() }) };
}

type Init = ReturnType<typeof seeded>;

/** 3×3 conv over (time, frequency); stride only along frequency, so every frame keeps its own row. */
function conv(init: Init, filters: number, frequencyStride = 1) {
  return tfl.layers.conv2d({ filters, kernelSize: 3, strides: [1, frequencyStride], padding: 'same', activation: 'relu', kernelInitializer: init.he() });
}

/**
 * Drops the context rows (they were only there to be seen) and turns each
 * remaining frame's feature maps into one vector, then into 88 key logits
 * with a layer shared by all frames.
 */
function head(init: Init, x: tfl.SymbolicTensor, { frames, context }: InputShape, hidden?: number): tfl.SymbolicTensor {
  let y = tfl.layers.cropping2D({ cropping: [[context, context], [0, 0]] }).apply(x) as tfl.SymbolicTensor;
  const [, , width, channels] = y.shape as number[];
  y = tfl.layers.reshape({ targetShape: [frames, width * channels] }).apply(y) as tfl.SymbolicTensor;
  if (hidden) y = tfl.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: init.he() }).apply(y) as tfl.SymbolicTensor;
  return tfl.layers.dense({ units: PIANO_KEYS, kernelInitializer: init.glorot() }).apply(y) as tfl.SymbolicTensor;
}

/**
 * The teacher: three conv layers over the log-mel context (receptive field
 * ±3 frames, frequency strided 2·2·2) and a 256-unit hidden layer per frame
 * (≈ 150k weights). Logits `[B, frames, 88]`.
 */
export function buildTeacher(shape: InputShape, seed = 1): tfl.LayersModel {
  const init = seeded(seed);
  const input = tfl.input({ shape: [shape.frames + 2 * shape.context, shape.bins, 1] });
  let x = conv(init, 16, 2).apply(input) as tfl.SymbolicTensor;
  x = conv(init, 24, 2).apply(x) as tfl.SymbolicTensor;
  x = conv(init, 32, 2).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ name: 'teacher', inputs: input, outputs: head(init, x, shape, 256) });
}

/** The student: one 8-channel conv layer (±1 frame, frequency stride 2) and a linear layer per frame (≈ 45k weights). */
export function buildStudent(shape: InputShape, seed: number): tfl.LayersModel {
  const init = seeded(seed);
  const input = tfl.input({ shape: [shape.frames + 2 * shape.context, shape.bins, 1] });
  const x = conv(init, 8, 2).apply(input) as tfl.SymbolicTensor;
  return tfl.model({ name: 'student', inputs: input, outputs: head(init, x, shape) });
}
