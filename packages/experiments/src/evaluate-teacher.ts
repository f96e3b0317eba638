import { evaluateModel, type BatchSource, type DistillerFactory, type ModelEvaluation } from '@selective-kd/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export interface EvaluateTeacherOptions {
  distillers: DistillerFactory;
  /** The registered modality's name. */
  modality: string;
  teacher: LayersModel;
  /** Batches in a fixed order, as the students are scored on them (a regime's `dev` or `test`). */
  batches: BatchSource;
}

/** The teacher's loss and metrics through the students' evaluation path (`evaluateModel`, the model alone). */
export async function evaluateTeacher({ distillers, modality, teacher, batches }: EvaluateTeacherOptions): Promise<ModelEvaluation> {
  // The factory is what resolves the modality's name; the distiller itself never trains.
  const plugin = distillers.create({ teacher, student: teacher, modality, options: { gate: 'none' } }).modality;
  return evaluateModel(teacher, batches, plugin);
}
