import type { DistillConfig } from '../config/distill-config.js';
import { audioTask } from './audio-task.js';
import { pixelTask } from './pixel-task.js';
import type { Task } from './task.js';
import type { TaskMetadata } from './task-metadata.js';
import { textTask } from './text-task.js';

/**
 * Reads the config's data for its modality. `known` is the task.json of a
 * model from an earlier run that must be fed its own way (the teacher, or the
 * model `evaluate` scores).
 */
export function prepareTask(config: DistillConfig, known?: TaskMetadata): Promise<Task> {
  switch (config.modality.name) {
    case 'pixel':
      return pixelTask(config, known);
    case 'text':
      return textTask(config, known);
    case 'audio':
      return audioTask(config, known);
  }
}
