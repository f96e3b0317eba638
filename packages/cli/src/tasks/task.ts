import type { AnyModalityPlugin, BatchSource, SelectiveOptions, Teacher } from '@selective-kd/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ShapeOf } from '../architectures/architectures.js';
import type { ModalityName } from '../config/distill-config.js';
import type { TaskMetadata } from './task-metadata.js';

/** What `Task.draw` draws with. */
export interface DrawInputs {
  student: LayersModel;
  teacher?: Teacher;
  /** Folder the pictures go to. */
  dir: string;
  /** Test items to draw. */
  count: number;
  /** The run's selective options: the mask drawn is the gate's. */
  options: SelectiveOptions;
}

/**
 * A modality's data made ready for one run: batch sources for the three
 * splits (the teacher's own inputs in `batch.teacherInputs` when it reads
 * differently from the student), the student's shape, the metadata that makes
 * the output folder usable as a later teacher, and the contrast-mask pictures.
 */
export interface Task<M extends ModalityName = ModalityName> {
  modality: AnyModalityPlugin;
  /** Validation metric early stopping watches (higher is better). */
  monitor: string;
  train: BatchSource;
  dev: BatchSource;
  test: BatchSource;
  /** What the student is built for. */
  shape: ShapeOf[M];
  /** Written to the output folder as task.json (and vocabulary.json for text). */
  metadata: TaskMetadata;
  /** Draws the first `count` test items with the teacher's, the student's predictions and the contrast mask; returns the files written. */
  draw(inputs: DrawInputs): Promise<string[]>;
}
