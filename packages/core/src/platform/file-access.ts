import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { SavedCheckpoint } from '../persistence/read-checkpoint.js';
import type { CheckpointContents } from '../persistence/write-checkpoint.js';
import type { BestWeights } from '../training/best-weights.js';
import type { DistillerCallbacks } from '../training/distiller-callbacks.js';
import type { TeacherOutputCacheDisk } from '../training/teacher-output-cache-disk.js';

/**
 * Everything training does with files: checkpoints and the best weights kept
 * in them, the metrics log, the teacher-output cache on disk. Core reaches it
 * through the package's `#file-access` import, which resolves to the Node
 * implementation (`node-file-access.ts`) in Node and, under a bundler's
 * `browser` condition, to one that keeps checkpoints in IndexedDB and refuses
 * the rest with a clear error (`browser-file-access.ts`), so that a browser
 * bundle of core holds no Node built-ins.
 */
export interface FileAccess {
  /** Throws, naming `what`, where checkpoints cannot be kept; fit calls it before training so it fails at once. */
  require(what: string): void;
  readCheckpoint(dir: string): Promise<SavedCheckpoint>;
  restoreCheckpoint(saved: SavedCheckpoint, student: LayersModel, optimizer: tf.Optimizer): Promise<void>;
  writeCheckpoint(dir: string, contents: CheckpointContents): Promise<string>;
  /** Reads the best weights of `epoch` from checkpoint folder `dir` into `best`, checked against the student. */
  loadBestWeights(best: BestWeights, dir: string, epoch: number, student: LayersModel): Promise<void>;
  /** Writes `best` into checkpoint folder `dir` unless it is there already. */
  saveBestWeights(best: BestWeights, dir: string): Promise<void>;
  /** Removes every best-weights folder in `dir` but `best`'s; call after the checkpoint naming it is committed. */
  pruneBestWeights(best: BestWeights, dir: string): Promise<void>;
  /** The callbacks that append fit's records to the JSON-lines file `path`. */
  metricsLog(path: string): DistillerCallbacks;
  teacherOutputCacheDisk(dir: string): TeacherOutputCacheDisk;
}
