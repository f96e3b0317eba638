import {
  selectiveDistillationLoss,
  type DistillerFactory,
  type Batch,
  type EvaluationResult,
  type Gate,
  type ModelInputs,
} from '@selective-kd/core';
import { pixelModality, segmentationBatches, segmentationPanel, type SegmentationSample } from '@selective-kd/pixel';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ExperimentConfig } from './experiment-config.js';
import { buildStudent } from './models.js';

/** One student's outcome. */
export interface StudentRun {
  gate: Gate;
  seed: number;
  /** The student's test metrics (meanIoU, pixelAccuracy, iou/k). */
  test: Record<string, number>;
  /** Mean over training steps of Σm / Σv: how often the gate followed the teacher. */
  teacherBetterFraction: number;
  seconds: number;
}

export interface StudentRunOptions {
  config: ExperimentConfig;
  /** Builds distillers with the pixel modality registered at the composition root. */
  distillers: DistillerFactory;
  teacher: tfl.LayersModel;
  train: readonly SegmentationSample[];
  test: readonly SegmentationSample[];
  /** Called with each finished run and its student (disposed afterwards), for progress and panels. */
  onRun?: (run: StudentRun, student: tfl.LayersModel) => void | Promise<void>;
}

/** Trains one student per gate and seed, each gate from the same initial weights per seed. */
export async function trainStudents({ config, distillers, teacher, train, test, onRun }: StudentRunOptions): Promise<StudentRun[]> {
  const runs: StudentRun[] = [];
  for (const seed of config.seeds) {
    for (const gate of config.gates) {
      const start = performance.now();
      const student = buildStudent(seed);
      const distiller = distillers.create({
        teacher,
        student,
        modality: 'pixel',
        optimizer: tf.train.adam(config.learningRate),
        options: { gate, temperature: config.temperature },
      });
      const { history } = await distiller.fit(segmentationBatches(train, { batchSize: config.batchSize }), {
        epochs: config.studentEpochs,
        seed,
      });
      const evaluation = await distiller.evaluate(segmentationBatches(test, { batchSize: 64, shuffle: false }));
      const teacherBetterFraction = history.reduce((sum, epoch) => sum + epoch.teacherBetterFraction, 0) / history.length;
      const run = { gate, seed, test: evaluation.student, teacherBetterFraction, seconds: (performance.now() - start) / 1000 };
      runs.push(run);
      await onRun?.(run, student);
      student.dispose();
      distiller.optimizer.dispose();
    }
  }
  return runs;
}

/** The teacher's test metrics, through the same evaluation path as the students'. */
export async function evaluateTeacher(
  distillers: DistillerFactory,
  teacher: tfl.LayersModel,
  test: readonly SegmentationSample[],
): Promise<EvaluationResult> {
  // Evaluation only: the student slot holds the teacher itself.
  const distiller = distillers.create({ teacher, student: teacher, modality: 'pixel', options: { gate: 'none' } });
  return distiller.evaluate(segmentationBatches(test, { batchSize: 64, shuffle: false }));
}

/**
 * Panels of the first `count` test images: input | truth | teacher | student |
 * contrast mask, the mask computed as the loss-compare gate would see it.
 */
export function drawPanels(
  teacher: tfl.LayersModel,
  student: tfl.LayersModel,
  test: readonly SegmentationSample[],
  count: number,
): Uint8Array[] {
  const [batch] = segmentationBatches(test.slice(0, count), { batchSize: count, shuffle: false })();
  try {
    return tf.tidy(() => {
      const inputs = batch.inputs as tf.Tensor;
      const teacherLogits = teacher.predict(inputs as ModelInputs) as tf.Tensor;
      const studentLogits = student.predict(inputs as ModelInputs) as tf.Tensor;
      const { mask } = selectiveDistillationLoss(
        { student: studentLogits, teacher: teacherLogits, labels: batch.labels },
        pixelModality(),
      );
      const panelInputs = { images: inputs, labels: batch.labels, teacher: teacherLogits, student: studentLogits, mask };
      return Array.from({ length: count }, (_, i) => segmentationPanel(panelInputs, i)) as never;
    });
  } finally {
    disposeBatch(batch);
  }
}

function disposeBatch(batch: Batch): void {
  tf.dispose([batch.inputs as tf.Tensor, batch.labels]);
}
