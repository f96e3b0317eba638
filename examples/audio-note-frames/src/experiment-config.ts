import type { AudioGranularity } from '@selective-kd/audio';
import { COMPARED_GATES, type ProtocolConfig } from '@selective-kd/experiments';
import type { AudioRegime } from './regimes.js';

/** Rendering, features and excerpts: what every model of the example reads, the shipped teachers included. */
export interface FeatureFields {
  /** Sample rate (Hz), FFT window and hop (samples), log-mel bands from `fMin` Hz to Nyquist. */
  sampleRate: number;
  windowSize: number;
  hopSize: number;
  melBands: number;
  fMin: number;
  /** What a unit is: a frame (default) or one key in one frame. */
  granularity: AudioGranularity;
  /** Frames per excerpt and context frames on each side. */
  excerptFrames: number;
  context: number;
}

/** Everything that decides a run's numbers; RESULTS.md records it. */
export interface ExperimentConfig extends ProtocolConfig<AudioRegime>, FeatureFields {
  /** The students' labelled subset: every `labelledEvery`-th of the 19 training pieces, whole. */
  labelledEvery: number;
  /** Use only the first `secondsPerPiece` seconds of the students' pieces (subset, dev, test); undefined = whole pieces. */
  secondsPerPiece?: number;
  /** Test excerpts drawn as piano rolls. */
  pianoRolls: number;
  /** Where the teachers and their features.json are; undefined = the shipped teachers/ folder. */
  teachersDir?: string;
}

export const FEATURES = {
  sampleRate: 16000,
  windowSize: 2048,
  hopSize: 512,
  melBands: 128,
  fMin: 30,
  excerptFrames: 64,
  context: 4,
  granularity: 'frame',
} as const satisfies FeatureFields;

const STUDENTS = {
  ...FEATURES,
  labelledEvery: 5,
  batchSize: 16,
  learningRate: 3e-3,
  maxEpochs: 60,
  patience: 5,
  monitor: 'f1',
  gates: COMPARED_GATES,
  tuningSeeds: [0],
  grid: {},
} as const;

/** What `npm start` runs: one regime, shipped teachers, one seed. */
export const QUICK: ExperimentConfig = {
  mode: 'quick',
  ...STUDENTS,
  regimes: ['strong'],
  seeds: [0],
  pianoRolls: 3,
};

/** The numbers in RESULTS.md: three regimes, five seeds. */
export const FULL: ExperimentConfig = {
  mode: 'full',
  ...STUDENTS,
  regimes: ['strong', 'shifted', 'weak'],
  seeds: [0, 1, 2, 3, 4],
  pianoRolls: 4,
};
