import * as tfl from '@tensorflow/tfjs-layers';
import { TokenFeatures } from './token-features.js';
import { UNIVERSAL_TAGS } from './universal-tags.js';

export interface TaggerShape {
  /** Rows of the shared embedding table (`TokenFeatures.inputDim`). */
  inputDim: number;
  /** Tokens per row. */
  length: number;
}

/**
 * Each layer's initialiser gets its own seed derived from the model's, so one
 * seed fixes all weights. The seeds start at 1: tfjs takes a seed of 0 as
 * "no seed" and draws from Math.random.
 */
function seeded(seed: number) {
  let layer = 0;
  return () => tfl.initializers.glorotUniform({ seed: 1 + seed * 1000 + layer++ });
}

/**
 * A convolutional tagger: word, suffix and shape embeddings concatenated per
 * token, a stack of same-length conv1d layers (each widening the context by
 * kernelSize − 1 tokens), and a per-token dense layer to the 12 tags.
 */
function tagger(name: string, { inputDim, length }: TaggerShape, embedding: number, filters: number[], kernelSize: number, seed: number) {
  const init = seeded(seed);
  const input = tfl.input({ shape: [length, TokenFeatures.PER_TOKEN], dtype: 'int32' });
  let x = tfl.layers
    .embedding({ inputDim, outputDim: embedding, embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed * 1000 + 999 }) })
    .apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.reshape({ targetShape: [length, TokenFeatures.PER_TOKEN * embedding] }).apply(x) as tfl.SymbolicTensor;
  for (const f of filters) {
    x = tfl.layers.conv1d({ filters: f, kernelSize, padding: 'same', activation: 'relu', kernelInitializer: init() }).apply(x) as tfl.SymbolicTensor;
  }
  const logits = tfl.layers.dense({ units: UNIVERSAL_TAGS.length, kernelInitializer: init() }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ name, inputs: input, outputs: logits });
}

/** The teacher: 32-dim embeddings and two 128-filter conv layers of width 3 (5 tokens of context). */
export function buildTeacher(shape: TaggerShape, seed = 1): tfl.LayersModel {
  return tagger('teacher', shape, 32, [128, 128], 3, seed);
}

/** The student: 8-dim embeddings and one 16-filter conv layer of width 3 (3 tokens of context). */
export function buildStudent(shape: TaggerShape, seed: number): tfl.LayersModel {
  return tagger('student', shape, 8, [16], 3, seed);
}
