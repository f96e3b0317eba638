import type { FeatureScaling } from '@selective-kd/audio';
import { SelectiveKdError } from '@selective-kd/core';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AudioModalityConfig, ModalityConfig } from '../config/distill-config.js';

export const TASK_FILE = 'task.json';
export const VOCABULARY_FILE = 'vocabulary.json';

/**
 * What a model written by `selective-kd distill` reads and predicts, saved
 * beside its model.json as task.json, so it can be evaluated, or be the
 * teacher of a later run, fed exactly what it was trained on.
 */
export type TaskMetadata =
  | { modality: 'pixel'; classes: string[]; height: number; width: number; channels: number; ignoreLabel: number }
  | { modality: 'text'; tags: string[]; length: number; lowercase: boolean; vocabulary: string[] }
  | { modality: 'audio'; features: Omit<AudioModalityConfig, 'name' | 'granularity'>; scaling: FeatureScaling };

interface TaskFile {
  format: 'selective-kd-task';
  version: 1;
  task: Omit<TaskMetadata, 'vocabulary'>;
}

/** Writes task.json (and, for text, the vocabulary as vocabulary.json) into the model's folder. */
export async function writeTaskMetadata(dir: string, metadata: TaskMetadata): Promise<void> {
  if (metadata.modality === 'text') {
    const { vocabulary, ...rest } = metadata;
    await writeFile(join(dir, VOCABULARY_FILE), `${JSON.stringify({ format: 'selective-kd-vocabulary', version: 1, lowercase: metadata.lowercase, words: vocabulary })}\n`);
    await writeFile(join(dir, TASK_FILE), `${JSON.stringify({ format: 'selective-kd-task', version: 1, task: rest } satisfies TaskFile, null, 2)}\n`);
    return;
  }
  await writeFile(join(dir, TASK_FILE), `${JSON.stringify({ format: 'selective-kd-task', version: 1, task: metadata } satisfies TaskFile, null, 2)}\n`);
}

/**
 * The task.json beside a model (`path` is its folder or its model.json), or
 * undefined for a model that came from elsewhere. A task of another modality
 * is an error: its model predicts something else.
 */
export async function readTaskMetadata(path: string, modality: ModalityConfig['name']): Promise<TaskMetadata | undefined> {
  const dir = path.endsWith('.json') ? dirname(path) : path;
  const file = join(dir, TASK_FILE);
  if (!existsSync(file)) return undefined;
  const json = (await readJson(file)) as Partial<TaskFile>;
  if (json.format !== 'selective-kd-task' || json.version !== 1 || typeof json.task !== 'object' || json.task === null) {
    throw new SelectiveKdError('INVALID_INPUT', `${file} is not a selective-kd task file (format selective-kd-task, version 1)`);
  }
  const task = json.task as TaskMetadata;
  if (task.modality !== modality) {
    throw new SelectiveKdError('INVALID_MODEL', `the model in ${dir} was trained for the ${task.modality} modality (${file}), not ${modality}`);
  }
  if (task.modality !== 'text') return task;
  const vocabularyFile = join(dir, VOCABULARY_FILE);
  const vocabulary = (await readJson(vocabularyFile)) as { words?: unknown } | null;
  if (!Array.isArray(vocabulary?.words)) throw new SelectiveKdError('INVALID_INPUT', `${vocabularyFile} has no word list`);
  return { ...task, vocabulary: vocabulary.words as string[] };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SelectiveKdError('INVALID_INPUT', `cannot read ${file}: ${(error as Error).message}`);
  }
}
