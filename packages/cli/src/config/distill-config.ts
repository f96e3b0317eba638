import type { BackendPreference, SelectiveOptions } from '@selective-kd/core';

/** Pixel data: images and grey label PNGs; pixels labelled `ignoreLabel` count for nothing. */
export interface PixelModalityConfig {
  name: 'pixel';
  /** Default 255. */
  ignoreLabel: number;
  /** 1 (grey) or 3 (RGB); default: those of the first training image. */
  channels?: 1 | 3;
}

/** Token tagging data in CoNLL-U or CoNLL-2003 style column files. */
export interface TextModalityConfig {
  name: 'text';
  /** Default 'auto'. */
  format: 'auto' | 'conllu' | 'conll2003';
  /** 0-based columns; defaults as `readConll`'s (FORM and UPOS for CoNLL-U, first and last column for CoNLL-2003). */
  tokenColumn?: number;
  tagColumn?: number;
  /** Tokens per model row; longer sentences are cut into windows. Default 32. */
  length: number;
  /** Words seen fewer times in train map to `<unk>`. Default 1. */
  minFrequency: number;
  /** Compare words in lower case. Default true. */
  lowercase: boolean;
}

/** WAV + MIDI pairs turned into log-mel note frames. */
export interface AudioModalityConfig {
  name: 'audio';
  /** Clips are resampled to this rate (Hz). Default 16000. */
  sampleRate: number;
  /** FFT window and hop in samples. Defaults 1024 and 512. */
  windowSize: number;
  hopSize: number;
  /** Mel bands per frame. Default 48. */
  melBands: number;
  /** Frames per excerpt and frames of context on each side. Defaults 32 and 2. */
  frames: number;
  context: number;
  /** Units of the gate: 'frame' (default) or 'frame-note'. */
  granularity: 'frame' | 'frame-note';
}

export type ModalityConfig = PixelModalityConfig | TextModalityConfig | AudioModalityConfig;
export type ModalityName = ModalityConfig['name'];

/** Absolute paths of the three splits; for pixel data also the class-name list. */
export interface DataConfig {
  train: string;
  dev: string;
  test: string;
  /** Pixel only: JSON array of class names (`<data>/classes.json`). */
  classes?: string;
}

/** A named architecture built from scratch (seeded by `training.seed`) with its size options. */
export interface NamedStudentConfig {
  architecture: string;
  /** The architecture's size options (filters, layers, ...), checked against what it takes. */
  sizes: Record<string, number>;
}

/** A tfjs LayersModel JSON, trained from its weights (or from fresh ones if it has none). */
export interface ModelStudentConfig {
  model: string;
}

export type StudentConfig = NamedStudentConfig | ModelStudentConfig;

export interface TrainingConfig {
  /** Default 10. */
  epochs: number;
  /** Default 8. */
  batchSize: number;
  /** Adam's learning rate. Default 0.001. */
  learningRate: number;
  /** Seeds the student's initial weights, the batch order and dropout. Default 0. */
  seed: number;
  /** Stop after this many epochs without a better dev score and keep the best epoch's weights. Default 5. */
  patience: number;
}

/** A checked `distill.json`, every default filled in and every path absolute. */
export interface DistillConfig {
  /** The config file it came from ('<config>' when checked from memory). */
  source: string;
  modality: ModalityConfig;
  data: DataConfig;
  /** A model.json (LayersModel or GraphModel), its folder, or an earlier output folder; absent: train on the ground truth alone. */
  teacher?: string;
  student: StudentConfig;
  /** Resolved selective options; the gate defaults to 'loss-compare' with a teacher and 'none' without. */
  selective: SelectiveOptions;
  training: TrainingConfig;
  /** Default: the best available (node-gpu → node → wasm → cpu), or SELECTIVE_KD_BACKEND. */
  backend?: BackendPreference;
  /** Folder for the student, logs, results and pictures. */
  output: string;
  /** Test items drawn as contrast-mask pictures. Default 4. */
  pictures: number;
}

export const TRAINING_DEFAULTS: Readonly<TrainingConfig> = Object.freeze({ epochs: 10, batchSize: 8, learningRate: 0.001, seed: 0, patience: 5 });
