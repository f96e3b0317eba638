import * as tfl from '@tensorflow/tfjs-layers';
import { layerSeeds, type Architecture, type TextShape } from './architecture.js';

function embed(seed: () => number, { vocabularySize }: TextShape, outputDim: number) {
  return tfl.layers.embedding({
    inputDim: vocabularySize,
    outputDim,
    embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed() }),
  });
}

function tagLogits(seed: () => number, tags: number) {
  return tfl.layers.dense({ units: tags, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed() }) });
}

/** Named token taggers: word ids `[B,length]` (0 = padding) → tag logits `[B,length,tags]`. */
export const TEXT_ARCHITECTURES: Record<string, Architecture<TextShape>> = {
  'conv-tagger': {
    description: 'word embeddings, same-length 1-D convolutions (each widens the context by kernelSize − 1 words), a per-word dense layer to the tags',
    sizes: {
      embedding: { default: 16, min: 1, max: 1024, description: 'embedding dimensions per word' },
      filters: { default: 32, min: 1, max: 1024, description: 'channels of every conv layer' },
      layers: { default: 1, min: 1, max: 8, description: 'conv layers' },
      kernelSize: { default: 3, min: 1, max: 15, description: 'words each conv layer looks at' },
    },
    build(shape, { embedding, filters, layers, kernelSize }, modelSeed, name) {
      const seed = layerSeeds(modelSeed);
      const input = tfl.input({ shape: [shape.length], dtype: 'int32' });
      let x = embed(seed, shape, embedding).apply(input) as tfl.SymbolicTensor;
      for (let i = 0; i < layers; i++) {
        x = tfl.layers
          .conv1d({ filters, kernelSize, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed() }) })
          .apply(x) as tfl.SymbolicTensor;
      }
      return tfl.model({ name, inputs: input, outputs: tagLogits(seed, shape.tags).apply(x) as tfl.SymbolicTensor });
    },
  },
  'lookup-tagger': {
    description: 'word embeddings and a per-word dense layer: each word tagged on its own, no context (a most-frequent-tag baseline that learns)',
    sizes: {
      embedding: { default: 16, min: 1, max: 1024, description: 'embedding dimensions per word' },
    },
    build(shape, { embedding }, modelSeed, name) {
      const seed = layerSeeds(modelSeed);
      const input = tfl.input({ shape: [shape.length], dtype: 'int32' });
      const x = embed(seed, shape, embedding).apply(input) as tfl.SymbolicTensor;
      return tfl.model({ name, inputs: input, outputs: tagLogits(seed, shape.tags).apply(x) as tfl.SymbolicTensor });
    },
  },
};
