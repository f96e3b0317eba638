import type { AudioGranularity } from '@selective-kd/audio';
import { COMPARED_GATES, type ProtocolConfig } from '@selective-kd/experiments';

/** Everything that decides a run's numbers; RESULTS.md records it. */
export interface ExperimentConfig extends ProtocolConfig {
  /** Rendering and features: sample rate (Hz), FFT window and hop (samples), log-mel bands from `fMin` Hz to Nyquist. */
  sampleRate: number;
  windowSize: number;
  hopSize: number;
  melBands: number;
  fMin: number;
  /** What a unit is: a frame (default) or one key in one frame. */
  granularity: AudioGranularity;
  /** Frames per training excerpt and context frames on each side. */
  excerptFrames: number;
  context: number;
  /** Use at most this many pieces of each split (in name order); undefined = all. */
  piecesPerSplit?: { train: number; test: number };
  /** Use only each piece's first `secondsPerPiece` seconds; undefined = whole pieces. */
  secondsPerPiece?: number;
  teacherEpochs: number;
  /** Test excerpts drawn as piano rolls. */
  pianoRolls: number;
}

const FEATURES = {
  sampleRate: 16000,
  windowSize: 2048,
  hopSize: 512,
  melBands: 128,
  fMin: 30,
  excerptFrames: 64,
  context: 4,
  granularity: 'frame',
} as const;

/** A couple of minutes on 2 cores: the first 40 s of 8 training and 3 test pieces. What the README's main command runs. */
export const QUICK: ExperimentConfig = {
  mode: 'quick',
  ...FEATURES,
  piecesPerSplit: { train: 8, test: 3 },
  secondsPerPiece: 40,
  batchSize: 16,
  teacherEpochs: 8,
  studentEpochs: 10,
  learningRate: 3e-3,
  temperature: 2,
  seeds: [0],
  gates: COMPARED_GATES,
  pianoRolls: 3,
};

/** The numbers in RESULTS.md: all 31 pieces, whole. */
export const FULL: ExperimentConfig = {
  mode: 'full',
  ...FEATURES,
  batchSize: 16,
  teacherEpochs: 12,
  studentEpochs: 3,
  learningRate: 3e-3,
  temperature: 2,
  seeds: [0, 1, 2],
  gates: COMPARED_GATES,
  pianoRolls: 4,
};
