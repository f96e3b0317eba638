import { fileSystem, SelectiveKdError } from '@selective-kd/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { basename } from 'node:path';
import { ARCHITECTURES } from '../architectures/architectures.js';
import type { Architecture } from '../architectures/architecture.js';
import type { DistillConfig } from '../config/distill-config.js';
import type { Task } from '../tasks/task.js';

/**
 * The config's student: a named architecture built for the task's shape with
 * weights seeded by `training.seed` and named after the output folder (so
 * progress lines say which run trains), or a LayersModel JSON loaded as saved.
 */
export async function buildStudent(config: DistillConfig, task: Task): Promise<tfl.LayersModel> {
  const { student } = config;
  if ('model' in student) {
    let model: tfl.LayersModel;
    try {
      model = await tfl.loadLayersModel(fileSystem(student.model));
    } catch (error) {
      throw new SelectiveKdError('INVALID_MODEL', `config.student.model: cannot load a tfjs LayersModel from ${student.model}: ${(error as Error).message}`);
    }
    if (config.modality.name === 'text') checkEmbeddingRows(model, (task as Task<'text'>).shape.vocabularySize, student.model);
    return model;
  }
  const architecture = ARCHITECTURES[config.modality.name][student.architecture] as Architecture<Task['shape']>;
  return architecture.build(task.shape, student.sizes, config.training.seed, modelName(config.output));
}

/**
 * A text student reads word ids of the vocabulary built from the training
 * words; an embedding with fewer rows would read the ids past its end (on some
 * backends silently as zeros), so it is refused here.
 */
function checkEmbeddingRows(model: tfl.LayersModel, vocabularySize: number, path: string): void {
  const rowsOf = (layer: tfl.layers.Layer) => (layer.getConfig() as { inputDim?: number }).inputDim ?? Infinity;
  const short = model.layers.find((layer) => layer.getClassName() === 'Embedding' && rowsOf(layer) < vocabularySize);
  if (short === undefined) return;
  const rows = rowsOf(short);
  model.dispose();
  throw new SelectiveKdError(
    'INVALID_MODEL',
    `config.student.model: ${path}'s embedding '${short.name}' has ${rows} rows, but the training words make a vocabulary of ${vocabularySize} ` +
      '(with <pad> and <unk>); give it at least that many, or raise config.modality.minFrequency',
  );
}

/** A tfjs-safe model name from the output folder's name. */
function modelName(output: string): string {
  return basename(output).replace(/[^A-Za-z0-9_-]+/g, '_') || 'student';
}
