import type * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { SelectiveKdError } from '../selective-kd-error.js';
import { fileSystem } from './file-system.js';

/** The two kinds of model.json TensorFlow.js and its converter write. */
export type ModelFormat = 'layers-model' | 'graph-model';

/**
 * Loads a teacher saved on disk, e.g. converted from Keras or TensorFlow with
 * `tensorflowjs_converter`: a `tf.LayersModel` for a 'layers-model' and a
 * `tf.GraphModel` (through @tensorflow/tfjs-converter) for a 'graph-model',
 * decided by the model.json's `format`, or by its topology when an old
 * converter left `format` out. `path` is the model.json or its folder.
 */
export async function loadTeacher(path: string): Promise<LayersModel | GraphModel> {
  const handler = fileSystem(path);
  const artifacts = await handler.load();
  const format = modelFormat(artifacts, path);
  // Read the files once; the loaders get what was read.
  const loaded: tf.io.IOHandler = { load: async () => artifacts };
  // Imported on use, so importing core neither loads the converter nor registers tfjs-layers as a side effect.
  if (format === 'graph-model') return (await import('@tensorflow/tfjs-converter')).loadGraphModel(loaded);
  return (await import('@tensorflow/tfjs-layers')).loadLayersModel(loaded);
}

function modelFormat(artifacts: tf.io.ModelArtifacts, path: string): ModelFormat {
  const { format } = artifacts;
  if (format === 'layers-model' || format === 'graph-model') return format;
  const topology = artifacts.modelTopology as Record<string, unknown> | undefined;
  if (format === undefined && topology !== undefined) {
    if (Array.isArray(topology.node)) return 'graph-model';
    if ('class_name' in topology || 'model_config' in topology) return 'layers-model';
  }
  throw new SelectiveKdError(
    'INVALID_MODEL',
    `cannot tell what kind of model '${path}' holds: its format is ${JSON.stringify(format)} ` +
      `(expected 'layers-model' or 'graph-model') and its topology has neither a graph's 'node' list nor a Keras 'class_name'`,
  );
}
