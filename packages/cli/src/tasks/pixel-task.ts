import { selectiveDistillationLoss, SelectiveKdError, teacherFunction, type BatchSource } from '@selective-kd/core';
import { pixelModality, readSegmentationFolder, segmentationBatches, segmentationPanelSvg, type SegmentationSample } from '@selective-kd/pixel';
import { svgToPng } from '@selective-kd/plots';
import * as tf from '@tensorflow/tfjs-core';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DistillConfig, PixelModalityConfig } from '../config/distill-config.js';
import type { Task } from './task.js';
import type { TaskMetadata } from './task-metadata.js';

/**
 * Images and label PNGs (`<split>/images`, `<split>/labels`) with the class
 * names of `classes.json`. A teacher from an earlier run must know the same
 * classes in the same order; it reads the same images.
 */
export async function pixelTask(config: DistillConfig, known?: TaskMetadata): Promise<Task<'pixel'>> {
  const modalityConfig = config.modality as PixelModalityConfig;
  const { ignoreLabel } = modalityConfig;
  const classes = await readClasses(config.data.classes!);
  if (known && (known.modality !== 'pixel' || known.classes.join('\n') !== classes.join('\n'))) {
    const theirs = known.modality === 'pixel' ? known.classes.join(', ') : known.modality;
    throw new SelectiveKdError('INVALID_MODEL', `the model was trained on the classes [${theirs}], but ${config.data.classes} lists [${classes.join(', ')}]`);
  }
  const read = (dir: string, channels?: 1 | 3) =>
    readSegmentationFolder({ images: join(dir, 'images'), labels: join(dir, 'labels'), classes: classes.length, ignoreLabel, channels });
  const train = await read(config.data.train, modalityConfig.channels);
  const { width, height, channels } = train[0];
  const [dev, test] = [await read(config.data.dev, channels), await read(config.data.test, channels)];
  const { batchSize } = config.training;
  const batches = (samples: SegmentationSample[], shuffle: boolean): BatchSource => segmentationBatches(samples, { batchSize, shuffle });
  const modality = pixelModality({ ignoreLabel });
  return {
    modality,
    monitor: 'meanIoU',
    train: batches(train, true),
    dev: batches(dev, false),
    test: batches(test, false),
    shape: { height, width, channels, classes: classes.length },
    metadata: { modality: 'pixel', classes, height, width, channels, ignoreLabel },
    async draw({ student, teacher, dir, count, options }) {
      const drawn = test.slice(0, count);
      if (drawn.length === 0 || teacher === undefined) return [];
      const batch = segmentationBatches(drawn, { batchSize: drawn.length, shuffle: false })().next().value!;
      const files: string[] = [];
      try {
        const { teacherLogits, studentLogits, mask } = tf.tidy(() => {
          const teacherLogits = teacherFunction(teacher)(batch.inputs);
          const studentLogits = student.predict(batch.inputs) as tf.Tensor;
          const { mask } = selectiveDistillationLoss({ student: studentLogits, teacher: teacherLogits, labels: batch.labels }, modality, options);
          return { teacherLogits, studentLogits, mask };
        });
        try {
          for (const [i, sample] of drawn.entries()) {
            // A labelled panel (column titles, class names, mask legend) as SVG, and as PNG for pages that embed it.
            const svg = segmentationPanelSvg(
              { images: batch.inputs as tf.Tensor, labels: batch.labels, teacher: teacherLogits, student: studentLogits, mask },
              i,
              { ignoreLabel, classNames: classes, title: sample.name },
            );
            await writeFile(join(dir, `${sample.name}.svg`), svg);
            const file = join(dir, `${sample.name}.png`);
            await writeFile(file, svgToPng(svg, { scale: 1 }));
            files.push(file);
          }
        } finally {
          tf.dispose([teacherLogits, studentLogits, mask]);
        }
      } finally {
        tf.dispose([batch.inputs as tf.Tensor, batch.labels]);
      }
      return files;
    },
  };
}

async function readClasses(path: string): Promise<string[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new SelectiveKdError('INVALID_INPUT', `cannot read the class names ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(json) || json.length === 0 || json.some((name) => typeof name !== 'string')) {
    throw new SelectiveKdError('INVALID_INPUT', `${path} must be a JSON array of class names, class 0 first, e.g. ["background", "cat"]`);
  }
  return json as string[];
}
