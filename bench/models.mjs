// The three kinds of student the benchmark times, one per modality, with the
// batches they train on and the modality plugin that lays them out as units.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { pixelModality } from '@selective-kd/pixel';
import { testModality } from '@selective-kd/testing';

const init = (seed) => tfl.initializers.heNormal({ seed });

/** Conv encoder–decoder on 64×64 grey images, 11 classes per pixel, batch 8. */
function convSegmentation() {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [64, 64, 1], filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(3) }),
      tfl.layers.conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(4) }),
      tfl.layers.conv2dTranspose({ filters: 11, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init(5) }),
    ],
  });
  const batch = () =>
    tf.tidy(() => ({
      inputs: tf.randomUniform([8, 64, 64, 1], 0, 1, 'float32', 1),
      labels: tf.randomUniform([8, 64, 64], 0, 11, 'int32', 2),
    }));
  return { model, batch, modality: pixelModality() };
}

/** Token tagger: embedding (vocabulary 5000) → conv1d → 12 tags per token, batch 16 × 32 tokens. */
function tokenTagger() {
  const model = tfl.sequential({
    layers: [
      tfl.layers.embedding({ inputDim: 5000, outputDim: 64, inputLength: 32, embeddingsInitializer: tfl.initializers.randomNormal({ seed: 1 }) }),
      tfl.layers.conv1d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.dense({ units: 12, kernelInitializer: init(3) }),
    ],
  });
  const batch = () =>
    tf.tidy(() => ({
      inputs: tf.cast(tf.randomUniform([16, 32], 0, 5000, 'int32', 1), 'float32'),
      labels: tf.randomUniform([16, 32], 0, 12, 'int32', 2),
    }));
  return { model, batch, modality: testModality() };
}

/** Frame transcriber: conv1d over 229-bin spectrogram frames → 88 keys per frame, batch 16 × 64 frames. */
function frameTranscriber() {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv1d({ inputShape: [64, 229], filters: 64, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.dense({ units: 88, kernelInitializer: init(2) }),
    ],
  });
  const batch = () =>
    tf.tidy(() => ({
      inputs: tf.randomNormal([16, 64, 229], 0, 1, 'float32', 1),
      labels: tf.cast(tf.greater(tf.randomUniform([16, 64, 88], 0, 1, 'float32', 2), 0.95), 'float32'),
    }));
  return { model, batch, modality: testModality({ target: 'multi-label' }) };
}

export const MODELS = {
  'conv segmentation (64×64, B=8)': convSegmentation,
  'token tagger (32 tokens, B=16)': tokenTagger,
  'frame transcriber (64 frames, B=16)': frameTranscriber,
};
