import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { AnyModalityPlugin, MetricAccumulator } from '../modality-plugin.js';
import { selectiveLossOnUnits, toCheckedUnits } from '../selective-distillation-loss.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import { resolveSelectiveOptions, type SelectiveOptions } from '../selective-options.js';
import { passOver, type Batch, type BatchSource } from './batch.js';
import type { DistillerCallbacks, EpochLogs, EvaluationResult, StepLogs } from './distiller-callbacks.js';
import { MetricsLog } from './metrics-log.js';
import { ProgressDisplay, type ProgressStream } from './progress-display.js';
import { teacherFunction, type ModelInputs, type Teacher } from './teacher.js';

export interface SelectiveDistillerConfig {
  /** Any `(inputs) => logits` function, a `tf.LayersModel` or a `tf.GraphModel`; only run for inference. */
  teacher: Teacher;
  /** The trainable student; its output must have the teacher's shape. */
  student: LayersModel;
  modality: AnyModalityPlugin;
  /** Any tfjs optimizer. Default: Adam with learning rate 1e-3. */
  optimizer?: tf.Optimizer;
  /** Selective options; defaults as in `DEFAULT_SELECTIVE_OPTIONS`. */
  options?: Partial<SelectiveOptions>;
}

export interface FitOptions {
  /** Passes over the data. Default 1. */
  epochs?: number;
  /** End each epoch after this many steps (for endless sources); also gives the progress display its total. */
  stepsPerEpoch?: number;
  /** Batches to evaluate on after every epoch; the results land in `EpochLogs.validation`. */
  validationData?: BatchSource;
  callbacks?: DistillerCallbacks[];
  /** Where the progress line goes (drawn only on a TTY); `false` turns it off. Default `process.stderr`. */
  progress?: ProgressStream | false;
  /** Path of a JSON-lines file that gets every step's and epoch's numbers. */
  metricsLog?: string;
  /**
   * Dispose each batch's tensors after its step, as `tf.LayersModel.fitDataset`
   * does. Default true; set false when the source hands out the same tensors every epoch.
   */
  disposeBatches?: boolean;
}

export interface EvaluateOptions {
  /** As in `FitOptions`. Default true. */
  disposeBatches?: boolean;
}

export interface FitResult {
  history: EpochLogs[];
}

type StepTotals = Pick<StepLogs, 'loss' | 'groundTruthLoss' | 'distillLoss' | 'teacherBetterFraction'>;

/**
 * The training loop of selective distillation: per batch the teacher runs
 * without gradient, the student runs in training mode, the selective loss
 * decides per unit whom the student follows, and the optimizer takes one step.
 */
export class SelectiveDistiller {
  readonly options: SelectiveOptions;
  readonly modality: AnyModalityPlugin;
  readonly student: LayersModel;
  readonly optimizer: tf.Optimizer;
  private readonly teacher: (inputs: ModelInputs) => tf.Tensor;

  constructor(config: SelectiveDistillerConfig) {
    if (!config.student || typeof config.student.apply !== 'function') {
      throw new SelectiveKdError('INVALID_MODEL', 'student must be a tf.LayersModel');
    }
    if (config.student.trainableWeights.length === 0) {
      throw new SelectiveKdError('INVALID_MODEL', `student '${config.student.name}' has no trainable weights`);
    }
    this.options = resolveSelectiveOptions(config.options);
    this.modality = config.modality;
    this.student = config.student;
    this.teacher = teacherFunction(config.teacher);
    this.optimizer = config.optimizer ?? tf.train.adam(1e-3);
  }

  /** Trains the student over `source` for `epochs` passes and returns the per-epoch logs. */
  async fit(source: BatchSource, fitOptions: FitOptions = {}): Promise<FitResult> {
    const { epochs, stepsPerEpoch, disposeBatches } = checkFitOptions(fitOptions);
    const callbacks = this.callbacksFor(fitOptions);
    const history: EpochLogs[] = [];
    let failure: unknown;

    for (const cb of callbacks) {
      await cb.onTrainBegin?.({
        epochs,
        stepsPerEpoch,
        backend: tf.getBackend(),
        modality: this.modality.meta.name,
        options: this.options,
      });
    }
    try {
      let globalStep = 0;
      let stepsInEpoch = stepsPerEpoch;
      for (let epoch = 0; epoch < epochs; epoch++) {
        const epochStart = performance.now();
        const metrics = this.modality.createMetrics();
        const totals = zeroTotals();
        let step = 0;
        for await (const batch of passOver(source)) {
          const stepStart = performance.now();
          const numbers = await this.disposingAfter(batch, disposeBatches, () => this.trainStep(batch, metrics));
          addTotals(totals, numbers);
          const logs: StepLogs = {
            epoch,
            step,
            globalStep,
            stepsInEpoch,
            ...numbers,
            millis: performance.now() - stepStart,
          };
          for (const cb of callbacks) await cb.onStepEnd?.(logs);
          step++;
          globalStep++;
          if (stepsPerEpoch !== undefined && step >= stepsPerEpoch) break;
        }
        if (step === 0) {
          throw new SelectiveKdError(
            'EMPTY_DATASET',
            `the dataset gave no batches in epoch ${epoch + 1}` +
              (epoch > 0 ? '; a one-shot generator cannot be replayed: pass a function that returns a new iterable' : ''),
          );
        }
        stepsInEpoch ??= step;
        const logs: EpochLogs = {
          epoch,
          steps: step,
          ...meanTotals(totals, step),
          metrics: metrics.result(),
          ...(fitOptions.validationData
            ? { validation: await this.evaluate(fitOptions.validationData, { disposeBatches }) }
            : {}),
          millis: performance.now() - epochStart,
        };
        history.push(logs);
        for (const cb of callbacks) await cb.onEpochEnd?.(logs);
      }
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      for (const cb of callbacks) await cb.onTrainEnd?.(history, failure);
    }
    return { history };
  }

  /** Losses and the student's and teacher's metrics over `source`, without training. */
  async evaluate(source: BatchSource, { disposeBatches = true }: EvaluateOptions = {}): Promise<EvaluationResult> {
    const student = this.modality.createMetrics();
    const teacher = this.modality.createMetrics();
    const totals = zeroTotals();
    let batches = 0;
    for await (const batch of passOver(source)) {
      const numbers = await this.disposingAfter(batch, disposeBatches, () => {
        const scalars = tf.tidy(() => {
          const grid = toCheckedUnits(
            {
              student: this.studentLogits(batch.inputs, false),
              teacher: this.teacher(batch.inputs),
              labels: batch.labels,
              valid: batch.valid,
            },
            this.modality,
          );
          student.update(grid.student, grid.labels, grid.valid);
          teacher.update(grid.teacher, grid.labels, grid.valid);
          return stackTotals(selectiveLossOnUnits(grid, this.modality, this.options));
        });
        return takeTotals(scalars);
      });
      addTotals(totals, numbers);
      batches++;
    }
    if (batches === 0) throw new SelectiveKdError('EMPTY_DATASET', 'evaluate was given a dataset with no batches');
    return { batches, ...meanTotals(totals, batches), student: student.result(), teacher: teacher.result() };
  }

  private async trainStep(batch: Batch, metrics: MetricAccumulator): Promise<StepTotals> {
    // The teacher runs in its own scope, outside the gradient tape, and is freed after the step.
    const teacherLogits = tf.tidy(() => this.teacher(batch.inputs));
    const kept: tf.Tensor[] = [];
    try {
      // Check the batch against the teacher's logits before the gradient tape starts:
      // an error thrown inside tf.variableGrads strands the tape's saved tensors.
      tf.tidy(() => {
        toCheckedUnits({ student: teacherLogits, teacher: teacherLogits, labels: batch.labels, valid: batch.valid }, this.modality);
      });
      const variables = this.student.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => {
        const grid = toCheckedUnits(
          {
            student: this.studentLogits(batch.inputs, true),
            teacher: teacherLogits,
            labels: batch.labels,
            valid: batch.valid,
          },
          this.modality,
        );
        const result = selectiveLossOnUnits(grid, this.modality, this.options);
        // Clones: the grid may hand back the caller's own tensors, which must outlive the step.
        kept.push(...[stackTotals(result), grid.student, grid.labels, grid.valid].map((t) => tf.keep(tf.clone(t))));
        return result.loss;
      }, variables);
      this.optimizer.applyGradients(grads);
      tf.dispose([value, grads]);
      const [scalars, logits, labels, valid] = kept;
      metrics.update(logits, labels, valid);
      return await takeTotals(scalars);
    } finally {
      tf.dispose([teacherLogits, ...kept]);
    }
  }

  private studentLogits(inputs: ModelInputs, training: boolean): tf.Tensor {
    const out = this.student.apply(inputs, { training });
    if (Array.isArray(out) || !(out instanceof tf.Tensor)) {
      throw new SelectiveKdError('INVALID_MODEL', `student '${this.student.name}' must have exactly one output`);
    }
    return out;
  }

  private async disposingAfter<T>(batch: Batch, dispose: boolean, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } finally {
      if (dispose) tf.dispose([batch.inputs, batch.labels, ...(batch.valid ? [batch.valid] : [])]);
    }
  }

  private callbacksFor(fitOptions: FitOptions): DistillerCallbacks[] {
    const callbacks: DistillerCallbacks[] = [];
    if (fitOptions.progress !== false) callbacks.push(new ProgressDisplay(fitOptions.progress ?? process.stderr));
    if (fitOptions.metricsLog) callbacks.push(new MetricsLog(fitOptions.metricsLog));
    return [...callbacks, ...(fitOptions.callbacks ?? [])];
  }
}

function checkFitOptions(options: FitOptions): { epochs: number; stepsPerEpoch?: number; disposeBatches: boolean } {
  const { epochs = 1, stepsPerEpoch, disposeBatches = true } = options;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `epochs must be a whole number ≥ 1; got ${epochs}`);
  }
  if (stepsPerEpoch !== undefined && (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1)) {
    throw new SelectiveKdError('INVALID_OPTION', `stepsPerEpoch must be a whole number ≥ 1; got ${stepsPerEpoch}`);
  }
  return { epochs, stepsPerEpoch, disposeBatches };
}

const TOTAL_KEYS = ['loss', 'groundTruthLoss', 'distillLoss', 'teacherBetterFraction'] as const;

function stackTotals(result: Record<(typeof TOTAL_KEYS)[number], tf.Tensor>): tf.Tensor {
  return tf.stack(TOTAL_KEYS.map((key) => result[key]));
}

/** Reads the stacked totals and frees them. */
async function takeTotals(stacked: tf.Tensor): Promise<StepTotals> {
  const values = await stacked.data();
  stacked.dispose();
  return Object.fromEntries(TOTAL_KEYS.map((key, i) => [key, values[i]])) as unknown as StepTotals;
}

function zeroTotals(): StepTotals {
  return { loss: 0, groundTruthLoss: 0, distillLoss: 0, teacherBetterFraction: 0 };
}

function addTotals(into: StepTotals, add: StepTotals): void {
  for (const key of TOTAL_KEYS) into[key] += add[key];
}

function meanTotals(totals: StepTotals, count: number): StepTotals {
  return Object.fromEntries(TOTAL_KEYS.map((key) => [key, totals[key] / count])) as unknown as StepTotals;
}
