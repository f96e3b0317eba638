// The six configurations the benchmark times: the three examples' student and
// teacher exactly as the examples train them (imported from their built dist,
// full-mode batch sizes, input shapes, τ and learning rate), and three small
// students of one kind each whose teacher is a copy of the student with
// other initial weights.
// bench/pytorch/models.py builds the same layers in PyTorch under the same ids.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { audioModality } from '@selective-kd/audio';
import { pixelModality } from '@selective-kd/pixel';
import { testModality } from '@selective-kd/testing';
import { textModality } from '@selective-kd/text';
import * as pixelExample from '../examples/pixel-segmentation/dist/models.js';
import { FULL as PIXEL_FULL } from '../examples/pixel-segmentation/dist/experiment-config.js';
import { MOSAIC_CLASSES, MOSAIC_SIZE } from '../examples/pixel-segmentation/dist/mosaics.js';
import * as textExample from '../examples/text-pos-tagging/dist/models.js';
import { FULL as TEXT_FULL } from '../examples/text-pos-tagging/dist/experiment-config.js';
import { TokenFeatures } from '../examples/text-pos-tagging/dist/token-features.js';
import { UNIVERSAL_TAGS } from '../examples/text-pos-tagging/dist/universal-tags.js';
import * as audioExample from '../examples/audio-note-frames/dist/models.js';
import { FULL as AUDIO_FULL } from '../examples/audio-note-frames/dist/experiment-config.js';

/**
 * Rows of the text example's embedding table in its full run: 24,640 words,
 * 3,091 suffixes and 7 spelling shapes (examples/text-pos-tagging/RESULTS.md).
 */
const TEXT_INPUT_DIM = 24640 + 3091 + 7;

/**
 * Text rows hold sentences of 1–`length` tokens then padding; row r of the
 * bench batch holds a fixed, spread-out length so the validity mask is real.
 */
export function textRowLength(row, length) {
  return 1 + ((row * 13 + 7) % length);
}

function textBatch(batchSize, length, perToken, inputDim, classes) {
  return tf.tidy(() => {
    const lengths = Array.from({ length: batchSize }, (_, r) => textRowLength(r, length));
    const valid = tf.tensor2d(lengths.flatMap((n) => Array.from({ length }, (_, t) => (t < n ? 1 : 0))), [batchSize, length]);
    const ids = tf.mul(tf.randomUniform([batchSize, length, perToken], 1, inputDim, 'int32', 1), tf.cast(tf.expandDims(valid, -1), 'int32'));
    const labels = tf.mul(tf.randomUniform([batchSize, length], 0, classes, 'int32', 2), tf.cast(valid, 'int32'));
    return { inputs: ids, labels, valid };
  });
}

const he = (seed) => tfl.initializers.heNormal({ seed });

/** The bench students' teachers are copies of the student drawn with other seeds, so the gate has something to choose. */
const TEACHER_SEEDS = 100;

/** Conv encoder–decoder on 64×64 grey images, 11 classes per pixel, batch 8. */
function convSegmentationStudent(base = 0) {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [64, 64, 1], filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: he(base + 1) }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: he(base + 2) }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(base + 3) }),
      tfl.layers.conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: he(base + 4) }),
      tfl.layers.conv2dTranspose({ filters: 11, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: he(base + 5) }),
    ],
  });
}

/** Token tagger: embedding (vocabulary 5000) → conv1d → 12 tags per token, batch 16 × 32 tokens. */
function tokenTaggerStudent(base = 0) {
  return tfl.sequential({
    layers: [
      tfl.layers.embedding({ inputDim: 5000, outputDim: 64, inputLength: 32, embeddingsInitializer: tfl.initializers.randomNormal({ seed: base + 1 }) }),
      tfl.layers.conv1d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(base + 2) }),
      tfl.layers.dense({ units: 12, kernelInitializer: he(base + 3) }),
    ],
  });
}

/** Frame transcriber: conv1d over 229-bin spectrogram frames → 88 keys per frame, batch 16 × 64 frames. */
function frameTranscriberStudent(base = 0) {
  return tfl.sequential({
    layers: [
      tfl.layers.conv1d({ inputShape: [64, 229], filters: 64, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: he(base + 1) }),
      tfl.layers.dense({ units: 88, kernelInitializer: he(base + 2) }),
    ],
  });
}

const BENCH_TRAINING = { temperature: 1, learningRate: 1e-3 };

/**
 * id → { label, build() }; build() gives { student, teacher, batch(), modality,
 * temperature, learningRate }. batch() makes a new batch of tensors each call.
 */
export const MODELS = {
  'pixel-example': {
    label: `pixel example: student + teacher (${MOSAIC_SIZE}×${MOSAIC_SIZE}, B=${PIXEL_FULL.batchSize})`,
    build: () => ({
      student: pixelExample.buildStudent(0),
      teacher: pixelExample.buildTeacher(1),
      batch: () =>
        tf.tidy(() => ({
          inputs: tf.randomUniform([PIXEL_FULL.batchSize, MOSAIC_SIZE, MOSAIC_SIZE, 1], 0, 1, 'float32', 1),
          labels: tf.randomUniform([PIXEL_FULL.batchSize, MOSAIC_SIZE, MOSAIC_SIZE], 0, MOSAIC_CLASSES, 'int32', 2),
        })),
      modality: pixelModality(),
      temperature: PIXEL_FULL.temperature,
      learningRate: PIXEL_FULL.learningRate,
    }),
  },
  'text-example': {
    label: `text example: student + teacher (${TEXT_FULL.length} tokens, B=${TEXT_FULL.batchSize})`,
    build: () => {
      const shape = { inputDim: TEXT_INPUT_DIM, length: TEXT_FULL.length };
      return {
        student: textExample.buildStudent(shape, 0),
        teacher: textExample.buildTeacher(shape, 1),
        batch: () => textBatch(TEXT_FULL.batchSize, TEXT_FULL.length, TokenFeatures.PER_TOKEN, TEXT_INPUT_DIM, UNIVERSAL_TAGS.length),
        modality: textModality(),
        temperature: TEXT_FULL.temperature,
        learningRate: TEXT_FULL.learningRate,
      };
    },
  },
  'audio-example': {
    label: `audio example: student + teacher (${AUDIO_FULL.excerptFrames} frames, B=${AUDIO_FULL.batchSize})`,
    build: () => {
      const shape = { frames: AUDIO_FULL.excerptFrames, context: AUDIO_FULL.context, bins: AUDIO_FULL.melBands };
      const rows = shape.frames + 2 * shape.context;
      const batchSize = AUDIO_FULL.batchSize;
      return {
        student: audioExample.buildStudent(shape, 0),
        teacher: audioExample.buildTeacher(shape, 1),
        batch: () =>
          tf.tidy(() => ({
            inputs: tf.randomNormal([batchSize, rows, shape.bins, 1], 0, 1, 'float32', 1),
            labels: tf.cast(tf.greater(tf.randomUniform([batchSize, shape.frames, 88], 0, 1, 'float32', 2), 0.95), 'float32'),
            valid: tf.ones([batchSize, shape.frames]),
          })),
        modality: audioModality({ granularity: AUDIO_FULL.granularity }),
        temperature: AUDIO_FULL.temperature,
        learningRate: AUDIO_FULL.learningRate,
      };
    },
  },
  'conv-segmentation': {
    label: 'conv segmentation (64×64, B=8)',
    build: () => ({
      student: convSegmentationStudent(),
      teacher: convSegmentationStudent(TEACHER_SEEDS),
      batch: () =>
        tf.tidy(() => ({
          inputs: tf.randomUniform([8, 64, 64, 1], 0, 1, 'float32', 1),
          labels: tf.randomUniform([8, 64, 64], 0, 11, 'int32', 2),
        })),
      modality: pixelModality(),
      ...BENCH_TRAINING,
    }),
  },
  'token-tagger': {
    label: 'token tagger (32 tokens, B=16)',
    build: () => ({
      student: tokenTaggerStudent(),
      teacher: tokenTaggerStudent(TEACHER_SEEDS),
      batch: () =>
        tf.tidy(() => ({
          inputs: tf.cast(tf.randomUniform([16, 32], 0, 5000, 'int32', 1), 'float32'),
          labels: tf.randomUniform([16, 32], 0, 12, 'int32', 2),
        })),
      modality: testModality(),
      ...BENCH_TRAINING,
    }),
  },
  'frame-transcriber': {
    label: 'frame transcriber (64 frames, B=16)',
    build: () => ({
      student: frameTranscriberStudent(),
      teacher: frameTranscriberStudent(TEACHER_SEEDS),
      batch: () =>
        tf.tidy(() => ({
          inputs: tf.randomNormal([16, 64, 229], 0, 1, 'float32', 1),
          labels: tf.cast(tf.greater(tf.randomUniform([16, 64, 88], 0, 1, 'float32', 2), 0.95), 'float32'),
        })),
      modality: testModality({ target: 'multi-label' }),
      ...BENCH_TRAINING,
    }),
  },
};
