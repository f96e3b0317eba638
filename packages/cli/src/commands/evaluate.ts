import { evaluateModel, initBackend, loadTeacher, SelectiveKdError } from '@selective-kd/core';
import { resolve } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { readConfig } from '../config/read-config.js';
import { scoreTable } from '../run/results.js';
import { prepareTask } from '../tasks/prepare-task.js';
import { readTaskMetadata } from '../tasks/task-metadata.js';
import { teacherView } from '../tasks/teacher-view.js';

export interface EvaluateArguments {
  config: string;
  /** A model.json or its folder; default: the config's output folder (the student distill wrote). */
  model?: string;
  /** Print the scores as JSON instead of a table. */
  json?: boolean;
}

/**
 * `selective-kd evaluate --config <file> [--model <path>]`: scores a model on
 * the config's test split with the modality's metrics. A model written by
 * `distill` is fed as it was trained (its task.json: vocabulary, tag order,
 * feature scaling); any other model is fed the config's data as a student would be.
 */
export async function evaluate(args: EvaluateArguments, io: CliIo): Promise<void> {
  const config = await readConfig(args.config);
  const modelPath = args.model === undefined ? config.output : resolve(args.model);
  const choice = await initBackend(config.backend);
  io.stderr.write(`selective-kd: backend ${choice.backend} (${choice.reason})\n`);
  const known = await readTaskMetadata(modelPath, config.modality.name);
  if (known === undefined && config.modality.name === 'text') {
    throw new SelectiveKdError(
      'INVALID_MODEL',
      `${modelPath} has no task.json: a text model can only be fed the word ids of its own vocabulary; evaluate a folder written by selective-kd distill`,
    );
  }
  const model = await loadTeacher(modelPath);
  try {
    const task = await prepareTask(config, known);
    const score = await evaluateModel(model, teacherView(task.test), task.modality);
    io.stdout.write(args.json ? `${JSON.stringify({ model: modelPath, test: score }, null, 2)}\n` : `${modelPath} on ${config.data.test}\n\n${scoreTable([['model', score]])}\n`);
  } finally {
    model.dispose();
  }
}
