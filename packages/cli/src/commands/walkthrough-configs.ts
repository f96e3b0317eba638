import type { ModalityName } from '../config/distill-config.js';

/**
 * The walk-through's configs as docs/cli.md shows them, per modality: a
 * teacher trained on the ground truth alone, and a smaller student distilled
 * from it with the loss-compare gate (for text one that sees no context, so it
 * cannot match the teacher on the ambiguous words). Paths are relative to the
 * configs' folder, which also holds the data. The sizes and epochs were chosen
 * so that every teacher learns its set, each run within half a minute on wasm.
 */
export const WALKTHROUGH_CONFIGS: Record<ModalityName, { teacher: object; student: object }> = {
  pixel: {
    teacher: {
      modality: 'pixel',
      data: 'pixel',
      student: { architecture: 'encoder-decoder', filters: 32 },
      training: { epochs: 60, batchSize: 8, learningRate: 0.01, seed: 0, patience: 20 },
      output: 'runs/pixel-teacher',
    },
    student: {
      modality: 'pixel',
      data: 'pixel',
      teacher: 'runs/pixel-teacher',
      student: { architecture: 'encoder-decoder', filters: 8 },
      selective: { gate: 'loss-compare', temperature: 2 },
      training: { epochs: 60, batchSize: 8, learningRate: 0.01, seed: 0, patience: 20 },
      output: 'runs/pixel-student',
    },
  },
  text: {
    teacher: {
      modality: { name: 'text', length: 24 },
      data: 'text',
      student: { architecture: 'conv-tagger', embedding: 32, filters: 64, layers: 2 },
      training: { epochs: 20, batchSize: 16, learningRate: 0.01, seed: 0, patience: 4 },
      output: 'runs/text-teacher',
    },
    student: {
      modality: { name: 'text', length: 24 },
      data: 'text',
      teacher: 'runs/text-teacher',
      student: { architecture: 'lookup-tagger', embedding: 8 },
      selective: { gate: 'loss-compare', temperature: 2 },
      training: { epochs: 20, batchSize: 16, learningRate: 0.01, seed: 0, patience: 4 },
      output: 'runs/text-student',
    },
  },
  audio: {
    teacher: {
      modality: { name: 'audio', sampleRate: 16000, frames: 32, context: 2 },
      data: 'audio',
      student: { architecture: 'conv-frames', filters: 8, layers: 2, hidden: 64 },
      training: { epochs: 80, batchSize: 4, learningRate: 0.01, seed: 0, patience: 10 },
      output: 'runs/audio-teacher',
    },
    student: {
      modality: { name: 'audio', sampleRate: 16000, frames: 32, context: 2 },
      data: 'audio',
      teacher: 'runs/audio-teacher',
      student: { architecture: 'frame-dense', hidden: 0 },
      selective: { gate: 'loss-compare', temperature: 2 },
      training: { epochs: 80, batchSize: 4, learningRate: 0.01, seed: 0, patience: 10 },
      output: 'runs/audio-student',
    },
  },
};
