import type { BatchSource, DistillerFactory, EvaluationResult } from '@selective-kd/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export interface EvaluateTeacherOptions {
  distillers: DistillerFactory;
  /** The registered modality's name. */
  modality: string;
  teacher: LayersModel;
  /** Batches in a fixed order, as the students are scored on them. */
  batches: BatchSource;
}

/** The teacher's metrics through the same evaluation path as the students'. */
export async function evaluateTeacher({ distillers, modality, teacher, batches }: EvaluateTeacherOptions): Promise<EvaluationResult> {
  // Evaluation only: the student slot holds the teacher itself.
  const distiller = distillers.create({ teacher, student: teacher, modality, options: { gate: 'none' } });
  return distiller.evaluate(batches);
}
