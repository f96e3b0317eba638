import * as tfl from '@tensorflow/tfjs-layers';
import { layerSeeds, type Architecture, type PixelShape } from './architecture.js';

function conv(seed: () => number, filters: number, strides = 1) {
  return tfl.layers.conv2d({
    filters,
    kernelSize: 3,
    strides,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: tfl.initializers.heNormal({ seed: seed() }),
  });
}

function classify(seed: () => number, classes: number) {
  return tfl.layers.conv2d({ filters: classes, kernelSize: 1, kernelInitializer: tfl.initializers.glorotNormal({ seed: seed() }) });
}

/** Named pixel students; logits may be smaller than the image (the pixel plugin resizes them to the label grid). */
export const PIXEL_ARCHITECTURES: Record<string, Architecture<PixelShape>> = {
  'conv-stack': {
    description: 'a stack of 3×3 convolutions at full resolution, then a 1×1 classifier',
    sizes: {
      filters: { default: 16, min: 1, max: 512, description: 'channels of every conv layer' },
      layers: { default: 3, min: 1, max: 16, description: 'conv layers before the classifier' },
    },
    build({ height, width, channels, classes }, { filters, layers }, modelSeed, name) {
      const seed = layerSeeds(modelSeed);
      const input = tfl.input({ shape: [height, width, channels] });
      let x = input;
      for (let i = 0; i < layers; i++) x = conv(seed, filters).apply(x) as tfl.SymbolicTensor;
      return tfl.model({ name, inputs: input, outputs: classify(seed, classes).apply(x) as tfl.SymbolicTensor });
    },
  },
  'encoder-decoder': {
    description: 'two stride-2 convolutions down (filters, 2·filters), one at 1/4 resolution, one transposed convolution up; logits at 1/2 resolution',
    sizes: {
      filters: { default: 16, min: 1, max: 256, description: 'channels of the first layer (the deeper ones have twice as many)' },
    },
    build({ height, width, channels, classes }, { filters }, modelSeed, name) {
      const seed = layerSeeds(modelSeed);
      const input = tfl.input({ shape: [height, width, channels] });
      let x = conv(seed, filters, 2).apply(input) as tfl.SymbolicTensor;
      x = conv(seed, 2 * filters, 2).apply(x) as tfl.SymbolicTensor;
      x = conv(seed, 2 * filters).apply(x) as tfl.SymbolicTensor;
      x = tfl.layers
        .conv2dTranspose({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: seed() }) })
        .apply(x) as tfl.SymbolicTensor;
      return tfl.model({ name, inputs: input, outputs: classify(seed, classes).apply(x) as tfl.SymbolicTensor });
    },
  },
};
