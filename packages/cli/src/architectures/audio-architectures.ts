import { PIANO_KEYS } from '@selective-kd/audio';
import * as tfl from '@tensorflow/tfjs-layers';
import { layerSeeds, type Architecture, type AudioShape } from './architecture.js';

/**
 * Drops the context rows (only there to be seen), turns each frame's features
 * into one vector, optionally a hidden layer, then 88 key logits with a layer
 * shared by all frames.
 */
function head(seed: () => number, x: tfl.SymbolicTensor, { frames, context }: AudioShape, hidden: number): tfl.SymbolicTensor {
  let y = tfl.layers.cropping2D({ cropping: [[context, context], [0, 0]] }).apply(x) as tfl.SymbolicTensor;
  const [, , width, channels] = y.shape as number[];
  y = tfl.layers.reshape({ targetShape: [frames, width * channels] }).apply(y) as tfl.SymbolicTensor;
  if (hidden > 0) {
    y = tfl.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: seed() }) }).apply(y) as tfl.SymbolicTensor;
  }
  return tfl.layers.dense({ units: PIANO_KEYS, kernelInitializer: tfl.initializers.glorotNormal({ seed: seed() }) }).apply(y) as tfl.SymbolicTensor;
}

/** Named note-frame models: log-mel excerpts `[B,frames+2·context,bins,1]` → key logits `[B,frames,88]`. */
export const AUDIO_ARCHITECTURES: Record<string, Architecture<AudioShape>> = {
  'conv-frames': {
    description: '3×3 convolutions over (time, frequency), each halving the frequency axis, then an optional hidden layer and 88 key logits per frame',
    sizes: {
      filters: { default: 8, min: 1, max: 256, description: 'channels of the first conv layer (each further layer has 1.5× as many)' },
      layers: { default: 1, min: 1, max: 4, description: 'conv layers' },
      hidden: { default: 0, min: 0, max: 4096, description: 'units of the per-frame hidden layer (0: none)' },
    },
    build(shape, { filters, layers, hidden }, modelSeed, name) {
      const seed = layerSeeds(modelSeed);
      const input = tfl.input({ shape: [shape.frames + 2 * shape.context, shape.bins, 1] });
      let x = input;
      for (let i = 0; i < layers; i++) {
        x = tfl.layers
          .conv2d({
            filters: Math.round(filters * 1.5 ** i),
            kernelSize: 3,
            strides: [1, 2],
            padding: 'same',
            activation: 'relu',
            kernelInitializer: tfl.initializers.heNormal({ seed: seed() }),
          })
          .apply(x) as tfl.SymbolicTensor;
      }
      return tfl.model({ name, inputs: input, outputs: head(seed, x, shape, hidden) });
    },
  },
  'frame-dense': {
    description: "each frame's own features through an optional hidden layer to 88 key logits (no context, no convolution)",
    sizes: {
      hidden: { default: 64, min: 0, max: 4096, description: 'units of the per-frame hidden layer (0: linear)' },
    },
    build(shape, { hidden }, modelSeed, name) {
      const seed = layerSeeds(modelSeed);
      const input = tfl.input({ shape: [shape.frames + 2 * shape.context, shape.bins, 1] });
      return tfl.model({ name, inputs: input, outputs: head(seed, input, shape, hidden) });
    },
  },
};
