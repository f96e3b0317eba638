import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { fileAccess } from '#file-access';
import { throwUnitGridFaults, unitGridFaults } from '../check-unit-grid.js';
import type { AnyModalityPlugin, DistillationInputs, MetricAccumulator, UnitGrid } from '../modality-plugin.js';
import { selectiveLossOnUnits, toUnitGrid } from '../selective-distillation-loss.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import { resolveSelectiveOptions, type SelectiveOptions } from '../selective-options.js';
import type { CheckpointState } from '../persistence/checkpoint-state.js';
import { disposeBatch, passOver, teacherInputsOf, type Batch, type BatchSource } from './batch.js';
import { BestWeights } from './best-weights.js';
import { checkBatch } from './check-batch.js';
import type { DistillerCallbacks, EpochLogs, EvaluationResult, StepLogs, StepTotals } from './distiller-callbacks.js';
import { DropoutSeeds } from './dropout-seeds.js';
import { EarlyStopping, resolveEarlyStopping, type EarlyStoppingOptions, type ResolvedEarlyStopping } from './early-stopping.js';
import { evaluateModel } from './evaluate-model.js';
import { ProgressDisplay, type ProgressStream } from './progress-display.js';
import { runningOn } from './running-on.js';
import { tapeSafeVariableGrads } from './tape-safe-variable-grads.js';
import { teacherFunction, type ModelInputs, type Teacher } from './teacher.js';
import type { TeacherOutputs } from './teacher-output-cache.js';

export interface SelectiveDistillerConfig {
  /**
   * Any `(inputs) => logits` function, a `tf.LayersModel` or a `tf.GraphModel`; only run for inference.
   * Leave it out to train the student on the ground truth alone: the gate then defaults to (and must be) 'none'.
   */
  teacher?: Teacher;
  /** The trainable student; its output must have the teacher's shape. */
  student: LayersModel;
  modality: AnyModalityPlugin;
  /** Any tfjs optimizer. Default: Adam with learning rate 1e-3. */
  optimizer?: tf.Optimizer;
  /** Selective options; defaults as in `DEFAULT_SELECTIVE_OPTIONS` (gate 'none' without a teacher). */
  options?: Partial<SelectiveOptions>;
}

export interface FitOptions {
  /** Passes over the data. Default 1. */
  epochs?: number;
  /** End each epoch after this many steps (for endless sources); also gives the progress display its total. */
  stepsPerEpoch?: number;
  /**
   * Batches to score the student on after every epoch (the student alone, in
   * inference mode; the teacher does not run): the loss and metrics land in
   * `EpochLogs.validation`. Needed by `earlyStopping`.
   */
  validationData?: BatchSource;
  /**
   * Stop when the student's validation `monitor` has not improved for
   * `patience` epochs, and (by default) put the best epoch's weights back
   * into the student as fit ends. Needs `validationData`.
   */
  earlyStopping?: EarlyStoppingOptions;
  callbacks?: DistillerCallbacks[];
  /**
   * Where progress goes: a line redrawn in place on a TTY, else plain lines (one per epoch, a step
   * line at most every 10 s) naming the student; `false` turns it off. Default `process.stderr` in Node, none in a browser.
   */
  progress?: ProgressStream | false;
  /** Path of a JSON-lines file that gets every step's and epoch's numbers. */
  metricsLog?: string;
  /**
   * Dispose each batch's tensors after its step, as `tf.LayersModel.fitDataset`
   * does. Default true; set false when the source hands out the same tensors every epoch.
   */
  disposeBatches?: boolean;
  /**
   * The run's seed, handed with the epoch to a function source (`({ epoch, seed }) => batches`)
   * so a shuffling source can reproduce its order, and recorded in checkpoints. It also seeds
   * the student's dropout layers anew before every step (from the seed, the step and the
   * layer), so a run is reproducible and runs with one seed share their masks. Default 0.
   */
  seed?: number;
  /** Write checkpoints to resume from if the run dies. */
  checkpoint?: CheckpointOptions;
  /**
   * A `checkpoint.dir` of an earlier run (in a browser, its IndexedDB name):
   * restore its student weights, optimizer state and history and go on where
   * it stopped. In the epoch it stopped in, the batches already trained on are
   * drawn from the source and skipped, so a deterministic source resumes at the
   * same batch. Needs the same seed and selective options as that run. The
   * resumed epoch's `metrics` cover only the batches trained after the resume
   * (its losses cover the whole epoch).
   */
  resumeFrom?: string;
  /**
   * The teacher's logits got without running the teacher here: a
   * `TeacherOutputCache` computed ahead for this source (each step gathers its
   * batch's rows by `batch.indices`; the source must give the inputs the cache
   * was computed on, so no random augmentation), or a `TeacherWorker` with the
   * source wrapped by `worker.ahead(source)`. (`validationData` never runs the teacher.)
   */
  teacherOutputs?: TeacherOutputs;
}

export interface CheckpointOptions {
  /**
   * The folder; each checkpoint replaces the previous one atomically. In a
   * browser build, the checkpoint's name in the origin's IndexedDB (database
   * `selective-kd-checkpoints`), so a reloaded page can resume from it.
   */
  dir: string;
  /** Also write one every this many steps (counted over the whole run). Default: only at epoch ends. */
  everySteps?: number;
}

export interface EvaluateOptions {
  /** As in `FitOptions`. Default true. */
  disposeBatches?: boolean;
  /** Handed to a function source as `{ epoch: 0, seed }`. Default 0. */
  seed?: number;
  /** As in `FitOptions`: the teacher's logits for this source, computed ahead. */
  teacherOutputs?: TeacherOutputs;
}

export interface FitResult {
  history: EpochLogs[];
  /** With `earlyStopping`: the 0-based epoch of the best validation value, and that value. */
  bestEpoch?: number;
  best?: number;
  /** Whether early stopping ended training before `epochs`. */
  stoppedEarly: boolean;
}

/** Where `fit` starts: from scratch, or from a checkpoint's state. */
type Start = Pick<CheckpointState, 'epoch' | 'step' | 'globalStep' | 'stepsInEpoch' | 'epochTotals' | 'history'>;

/**
 * The training loop of selective distillation: per batch the teacher runs
 * without gradient, the student runs in training mode, the selective loss
 * decides per unit whom the student follows, and the optimizer takes one step.
 */
export class SelectiveDistiller {
  readonly options: SelectiveOptions;
  readonly modality: AnyModalityPlugin;
  readonly student: LayersModel;
  private optimizerInstance: tf.Optimizer | undefined;
  /** Undefined for supervised training: no teacher logits are made at all. */
  private readonly teacher: ((inputs: ModelInputs) => tf.Tensor) | undefined;
  private disposed = false;

  constructor(config: SelectiveDistillerConfig) {
    if (!config.student || typeof config.student.apply !== 'function') {
      throw new SelectiveKdError('INVALID_MODEL', 'student must be a tf.LayersModel');
    }
    if (config.student.trainableWeights.length === 0) {
      throw new SelectiveKdError('INVALID_MODEL', `student '${config.student.name}' has no trainable weights`);
    }
    const hasTeacher = config.teacher !== undefined && config.teacher !== null;
    this.options = resolveSelectiveOptions(hasTeacher ? config.options : { gate: 'none', ...config.options });
    if (!hasTeacher && this.options.gate !== 'none') {
      throw new SelectiveKdError(
        'INVALID_OPTION',
        `gate '${this.options.gate}' needs a teacher; a SelectiveDistiller without one trains on the ground truth alone (gate 'none')`,
      );
    }
    this.modality = config.modality;
    this.student = config.student;
    this.teacher = hasTeacher ? teacherFunction(config.teacher!) : undefined;
    this.optimizerInstance = config.optimizer;
  }

  /** Whether the distiller has a teacher; without one it trains on the ground truth alone. */
  get hasTeacher(): boolean {
    return this.teacher !== undefined;
  }

  /**
   * The optimizer: the one given, or Adam with learning rate 1e-3 made on first
   * use, so that a distiller which only evaluates holds no optimizer variables.
   */
  get optimizer(): tf.Optimizer {
    this.checkNotDisposed('optimizer');
    return (this.optimizerInstance ??= tf.train.adam(1e-3));
  }

  /**
   * Frees the optimizer's variables (the optimizer given or the default Adam);
   * `fit` and `evaluate` throw afterwards. The student and the teacher stay the
   * caller's. Calling it again does nothing.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizerInstance?.dispose();
    this.optimizerInstance = undefined;
  }

  /** Trains the student over `source` for `epochs` passes and returns the per-epoch logs. */
  async fit(source: BatchSource, fitOptions: FitOptions = {}): Promise<FitResult> {
    this.checkNotDisposed('fit');
    const { epochs, stepsPerEpoch, disposeBatches, seed, checkpoint, resumeFrom, earlyStopping } = checkFitOptions(fitOptions);
    this.checkTeacherOutputs(fitOptions.teacherOutputs);
    if (checkpoint) fileAccess.require('fit({ checkpoint })');
    const start = resumeFrom === undefined ? freshStart() : await this.resume(resumeFrom, epochs, seed, earlyStopping);
    const stopping = earlyStopping && new EarlyStopping(earlyStopping, start.history.at(-1)?.earlyStopping);
    const best = earlyStopping?.restoreBestWeights ? new BestWeights() : undefined;
    const callbacks = this.callbacksFor(fitOptions);
    const history = [...start.history];
    const dropout = new DropoutSeeds(this.student);
    let failure: unknown;

    for (const cb of callbacks) {
      await cb.onTrainBegin?.({
        epochs,
        stepsPerEpoch,
        backend: tf.getBackend(),
        modality: this.modality.meta.name,
        student: this.student.name,
        teacher: this.hasTeacher,
        options: this.options,
        ...(resumeFrom === undefined
          ? {}
          : { resumed: { from: resumeFrom, epoch: start.epoch, step: start.step, globalStep: start.globalStep } }),
      });
    }
    try {
      const resumedBest = stopping?.bestSoFar?.bestEpoch;
      if (best && resumedBest !== undefined) await fileAccess.loadBestWeights(best, resumeFrom!, resumedBest, this.student);
      let globalStep = start.globalStep;
      let stepsInEpoch = stepsPerEpoch ?? start.stepsInEpoch;
      const save = async (dir: string, at: Pick<CheckpointState, 'epoch' | 'step' | 'epochTotals'>) => {
        const state: CheckpointState = { ...at, globalStep, stepsInEpoch, seed, options: this.options, history };
        // The best weights go first: the checkpoint's history names their epoch.
        if (best) await fileAccess.saveBestWeights(best, dir);
        const path = await fileAccess.writeCheckpoint(dir, { student: this.student, optimizer: this.optimizer, state });
        if (best) await fileAccess.pruneBestWeights(best, dir);
        for (const cb of callbacks) await cb.onCheckpoint?.({ path, epoch: at.epoch, step: at.step, globalStep });
      };
      for (let epoch = start.epoch; epoch < epochs && !stopping?.done; epoch++) {
        const epochStart = performance.now();
        const metrics = this.modality.createMetrics();
        // A resumed epoch goes on from the checkpoint's sums and skips the batches they cover.
        const skip = epoch === start.epoch ? start.step : 0;
        const totals = epoch === start.epoch ? { ...start.epochTotals } : zeroTotals();
        let step = 0;
        for await (const batch of passOver(source, { epoch, seed })) {
          if (step < skip) {
            if (disposeBatches) disposeBatch(batch);
          } else {
            const stepStart = performance.now();
            dropout.seedStep(seed, globalStep);
            const numbers = await this.disposingAfter(batch, disposeBatches, () => this.trainStep(batch, metrics, fitOptions.teacherOutputs));
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
            globalStep++;
            if (checkpoint?.everySteps !== undefined && globalStep % checkpoint.everySteps === 0) {
              await save(checkpoint.dir, { epoch, step: step + 1, epochTotals: totals });
            }
          }
          step++;
          if (stepsPerEpoch !== undefined && step >= stepsPerEpoch) break;
        }
        if (step < skip) {
          throw new SelectiveKdError(
            'CHECKPOINT',
            `the dataset gave ${step} batches in epoch ${epoch + 1}, but the checkpoint had trained on ${skip} of them; ` +
              'resume with the same data and seed',
          );
        }
        if (step === 0) {
          throw new SelectiveKdError(
            'EMPTY_DATASET',
            `the dataset gave no batches in epoch ${epoch + 1}` +
              (epoch > 0 ? '; a one-shot generator cannot be replayed: pass a function that returns a new iterable' : ''),
          );
        }
        stepsInEpoch ??= step;
        const validation = fitOptions.validationData
          ? await evaluateModel(this.student, fitOptions.validationData, this.modality, { disposeBatches, seed })
          : undefined;
        const early = stopping && validation ? stopping.update(epoch, validation) : undefined;
        if (early?.improved) best?.take(this.student, epoch);
        const logs: EpochLogs = {
          epoch,
          steps: step,
          ...meanTotals(totals, step),
          metrics: metrics.result(),
          ...(validation ? { validation } : {}),
          ...(early ? { earlyStopping: early } : {}),
          millis: performance.now() - epochStart,
        };
        history.push(logs);
        if (checkpoint) await save(checkpoint.dir, { epoch: epoch + 1, step: 0, epochTotals: zeroTotals() });
        for (const cb of callbacks) await cb.onEpochEnd?.(logs);
        await nextEventLoopTurn();
        if (early?.stop) {
          const { monitor, restoreBestWeights } = stopping!.options;
          for (const cb of callbacks) await cb.onEarlyStop?.({ epoch, monitor, ...stopping!.bestSoFar, restoreBestWeights });
        }
      }
      // Also when the run ends by reaching `epochs`: the student leaves fit at its best validation epoch.
      best?.restoreInto(this.student);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      dropout.restore();
      best?.dispose();
      for (const cb of callbacks) await cb.onTrainEnd?.(history, failure);
    }
    return { history, ...stopping?.bestSoFar, stoppedEarly: stopping?.done ?? false };
  }

  /**
   * Losses and the student's and teacher's metrics over `source`, without
   * training; without a teacher, the student's alone (`teacher` is left out).
   */
  async evaluate(source: BatchSource, { disposeBatches = true, seed = 0, teacherOutputs }: EvaluateOptions = {}): Promise<EvaluationResult> {
    this.checkNotDisposed('evaluate');
    this.checkTeacherOutputs(teacherOutputs);
    const student = this.modality.createMetrics();
    const teacher = this.hasTeacher ? this.modality.createMetrics() : undefined;
    const totals = zeroTotals();
    let batches = 0;
    for await (const batch of passOver(source, { epoch: 0, seed })) {
      const numbers = await this.disposingAfter(batch, disposeBatches, async () => {
        checkBatch(batch);
        let inputs: DistillationInputs | undefined;
        const [stepNumbers, ...kept] = tf.tidy(() => {
          const teacherLogits = this.teacher ? this.teacherLogits(batch, teacherOutputs) : undefined;
          const logits = this.studentLogits(batch.inputs, false);
          // Without a teacher the student's logits stand in for the grid's teacher; gate 'none' never reads them.
          inputs = { student: logits, teacher: teacherLogits ?? logits, labels: batch.labels, valid: batch.valid };
          const grid = toUnitGrid(inputs, this.modality);
          const result = selectiveLossOnUnits(grid, this.modality, this.options);
          // Clones: the grid may hand back the caller's own tensors, which must outlive the batch.
          return [this.stepNumbers(result, grid), ...[grid.student, grid.teacher, grid.labels, grid.valid].map((t) => tf.clone(t))];
        });
        try {
          const [logits, teacherLogits, labels, valid] = kept;
          const values = await this.readStepNumbers(stepNumbers, { student: logits, labels, valid }, inputs!);
          student.update(logits, labels, valid);
          teacher?.update(teacherLogits, labels, valid);
          return values;
        } finally {
          tf.dispose([stepNumbers, ...kept]);
        }
      });
      addTotals(totals, numbers);
      batches++;
    }
    if (batches === 0) throw new SelectiveKdError('EMPTY_DATASET', 'evaluate was given a dataset with no batches');
    return { batches, ...meanTotals(totals, batches), student: student.result(), ...(teacher ? { teacher: teacher.result() } : {}) };
  }

  private async trainStep(batch: Batch, metrics: MetricAccumulator, teacherOutputs?: TeacherOutputs): Promise<StepTotals> {
    checkBatch(batch);
    // The teacher runs in its own scope, outside the gradient tape, and is freed after the step.
    const teacherLogits = this.teacher ? this.teacherLogits(batch, teacherOutputs) : undefined;
    const kept: tf.Tensor[] = [];
    let inputs: DistillationInputs | undefined;
    try {
      const variables = this.student.trainableWeights.map((w) => w.read() as tf.Variable);
      // Shapes are checked in plain JS as the grid is made; values on the device, read back below.
      const { value, grads } = tapeSafeVariableGrads(() => {
        const logits = this.studentLogits(batch.inputs, true);
        // Without a teacher the student's logits stand in for the grid's teacher; gate 'none' never reads them.
        inputs = { student: logits, teacher: teacherLogits ?? logits, labels: batch.labels, valid: batch.valid };
        const grid = toUnitGrid(inputs, this.modality);
        const result = selectiveLossOnUnits(grid, this.modality, this.options);
        // Clones: the grid may hand back the caller's own tensors, which must outlive the step.
        kept.push(...[this.stepNumbers(result, grid), grid.student, grid.labels, grid.valid].map((t) => tf.keep(tf.clone(t))));
        return result.loss;
      }, variables);
      const [stepNumbers, logits, labels, valid] = kept;
      let totals: StepTotals;
      try {
        // Before the optimizer step, so a bad batch never changes the weights.
        totals = await this.readStepNumbers(stepNumbers, { student: logits, labels, valid }, inputs!);
        this.optimizer.applyGradients(grads);
      } finally {
        tf.dispose([value, grads]);
      }
      metrics.update(logits, labels, valid);
      return totals;
    } finally {
      tf.dispose([...(teacherLogits ? [teacherLogits] : []), ...kept]);
    }
  }

  /** The step's totals and the grid's value faults in one tensor, so that one readback gets both. */
  private stepNumbers(result: Record<(typeof TOTAL_KEYS)[number], tf.Tensor>, grid: UnitGrid): tf.Tensor {
    return tf.concat([stackTotals(result), unitGridFaults(grid, this.modality.unit)]);
  }

  /** Reads `stepNumbers` back (the step's one readback), throws if the grid's values are bad, else returns the totals. */
  private async readStepNumbers(
    stepNumbers: tf.Tensor,
    grid: Pick<UnitGrid, 'student' | 'labels' | 'valid'>,
    inputs: DistillationInputs,
  ): Promise<StepTotals> {
    const values = await stepNumbers.data();
    const faults = Array.from(values.subarray(TOTAL_KEYS.length));
    // Without a teacher its stand-in is the student's own logits, whose faults are the student's.
    if (!this.teacher) faults[1] = 0;
    throwUnitGridFaults(faults, grid, this.modality.unit, inputs);
    return Object.fromEntries(TOTAL_KEYS.map((key, i) => [key, values[i]])) as unknown as StepTotals;
  }

  /**
   * The batch's teacher logits: from `teacherOutputs` when given, else from
   * running the teacher on the batch's `teacherInputs` (or its `inputs`).
   */
  private teacherLogits(batch: Batch, teacherOutputs: TeacherOutputs | undefined): tf.Tensor {
    if (teacherOutputs !== undefined) return teacherOutputs.logitsFor(batch, this.modality.unit);
    const inputs = teacherInputsOf(batch);
    return tf.tidy(() => runningOn(inputs, 'teacher', () => this.teacher!(inputs)));
  }

  private checkTeacherOutputs(teacherOutputs: TeacherOutputs | undefined): void {
    if (teacherOutputs === undefined) return;
    if (!this.teacher) {
      throw new SelectiveKdError('INVALID_OPTION', 'teacherOutputs was given, but this distiller has no teacher: it trains on the ground truth alone');
    }
    if (typeof teacherOutputs.logitsFor !== 'function') {
      throw new SelectiveKdError('INVALID_OPTION', 'teacherOutputs must be a TeacherOutputCache or a TeacherWorker');
    }
  }

  private checkNotDisposed(what: string): void {
    if (this.disposed) {
      throw new SelectiveKdError('DISPOSED', `${what} was called on a SelectiveDistiller after its dispose(); make a new one`);
    }
  }

  private studentLogits(inputs: ModelInputs, training: boolean): tf.Tensor {
    const out = runningOn(inputs, `student '${this.student.name}'`, () => this.student.apply(inputs, { training }));
    if (Array.isArray(out) || !(out instanceof tf.Tensor)) {
      throw new SelectiveKdError('INVALID_MODEL', `student '${this.student.name}' must have exactly one output`);
    }
    return out;
  }

  private async disposingAfter<T>(batch: Batch, dispose: boolean, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } finally {
      if (dispose) disposeBatch(batch);
    }
  }

  /** Restores the checkpoint in `dir` into the student and optimizer, after checking it belongs to this run. */
  private async resume(dir: string, epochs: number, seed: number, earlyStopping: ResolvedEarlyStopping | undefined): Promise<Start> {
    const saved = await fileAccess.readCheckpoint(dir);
    const { state } = saved;
    // A run either stops early or not, from its first epoch to its last.
    const stopped = state.history.at(-1)?.earlyStopping;
    if (state.history.length > 0 && (stopped === undefined) !== (earlyStopping === undefined)) {
      throw new SelectiveKdError(
        'CHECKPOINT',
        `the checkpoint in '${dir}' was trained ${stopped ? 'with' : 'without'} earlyStopping; resume ${stopped ? 'with' : 'without'} it`,
      );
    }
    if (stopped && earlyStopping && stopped.monitor !== earlyStopping.monitor) {
      throw new SelectiveKdError(
        'CHECKPOINT',
        `the checkpoint in '${dir}' was trained with earlyStopping.monitor '${stopped.monitor}'; fit was given '${earlyStopping.monitor}'`,
      );
    }
    if (state.seed !== seed) {
      throw new SelectiveKdError(
        'CHECKPOINT',
        `the checkpoint in '${dir}' was trained with seed ${state.seed}, but fit was given seed ${seed}; ` +
          'resume with the same seed so the source replays the same batches',
      );
    }
    const changed = (Object.keys(this.options) as (keyof SelectiveOptions)[]).filter((key) => state.options[key] !== this.options[key]);
    if (changed.length > 0) {
      throw new SelectiveKdError(
        'CHECKPOINT',
        `the checkpoint in '${dir}' was trained with other selective options: ` +
          changed.map((key) => `${key} ${JSON.stringify(state.options[key])} (now ${JSON.stringify(this.options[key])})`).join(', '),
      );
    }
    const reached = state.epoch + (state.step > 0 ? 1 : 0);
    if (reached > epochs) {
      throw new SelectiveKdError('CHECKPOINT', `the checkpoint in '${dir}' has trained into epoch ${reached}; fit asked for only ${epochs}`);
    }
    await fileAccess.restoreCheckpoint(saved, this.student, this.optimizer);
    return state;
  }

  private callbacksFor(fitOptions: FitOptions): DistillerCallbacks[] {
    const callbacks: DistillerCallbacks[] = [];
    // Node's stderr by default; a browser has none, so there progress is what `callbacks` make of it.
    const progress = fitOptions.progress ?? globalThis.process?.stderr;
    if (fitOptions.progress !== false && progress) callbacks.push(new ProgressDisplay(progress));
    if (fitOptions.metricsLog) callbacks.push(fileAccess.metricsLog(fitOptions.metricsLog));
    return [...callbacks, ...(fitOptions.callbacks ?? [])];
  }
}

interface CheckedFitOptions {
  epochs: number;
  stepsPerEpoch?: number;
  disposeBatches: boolean;
  seed: number;
  checkpoint?: CheckpointOptions;
  resumeFrom?: string;
  earlyStopping?: ResolvedEarlyStopping;
}

function checkFitOptions(options: FitOptions): CheckedFitOptions {
  const { epochs = 1, stepsPerEpoch, disposeBatches = true, seed = 0, checkpoint, resumeFrom } = options;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `epochs must be a whole number ≥ 1; got ${epochs}`);
  }
  if (stepsPerEpoch !== undefined && (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1)) {
    throw new SelectiveKdError('INVALID_OPTION', `stepsPerEpoch must be a whole number ≥ 1; got ${stepsPerEpoch}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new SelectiveKdError('INVALID_OPTION', `seed must be a whole number; got ${seed}`);
  }
  if (checkpoint !== undefined) {
    if (typeof checkpoint.dir !== 'string' || checkpoint.dir.length === 0) {
      throw new SelectiveKdError('INVALID_OPTION', `checkpoint.dir must be a folder path (in a browser, a checkpoint name); got ${JSON.stringify(checkpoint.dir)}`);
    }
    const { everySteps } = checkpoint;
    if (everySteps !== undefined && (!Number.isInteger(everySteps) || everySteps < 1)) {
      throw new SelectiveKdError('INVALID_OPTION', `checkpoint.everySteps must be a whole number ≥ 1; got ${everySteps}`);
    }
  }
  if (resumeFrom !== undefined && (typeof resumeFrom !== 'string' || resumeFrom.length === 0)) {
    throw new SelectiveKdError('INVALID_OPTION', `resumeFrom must be a checkpoint folder path (in a browser, a checkpoint name); got ${JSON.stringify(resumeFrom)}`);
  }
  let earlyStopping: ResolvedEarlyStopping | undefined;
  if (options.earlyStopping !== undefined) {
    earlyStopping = resolveEarlyStopping(options.earlyStopping);
    if (options.validationData === undefined) {
      throw new SelectiveKdError('INVALID_OPTION', 'earlyStopping needs validationData: the student is scored on it after every epoch');
    }
  }
  return { epochs, stepsPerEpoch, disposeBatches, seed, checkpoint, resumeFrom, earlyStopping };
}

/**
 * Waits one turn of the event loop. On the wasm and cpu backends a step's
 * awaits resolve as microtasks, so without this a whole fit would let no
 * timer, signal or IPC message through (a worker process would not even see
 * its parent go away until its run ended).
 */
function nextEventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function freshStart(): Start {
  return { epoch: 0, step: 0, globalStep: 0, stepsInEpoch: undefined, epochTotals: zeroTotals(), history: [] };
}

const TOTAL_KEYS = ['loss', 'groundTruthLoss', 'distillLoss', 'teacherBetterFraction'] as const;

function stackTotals(result: Record<(typeof TOTAL_KEYS)[number], tf.Tensor>): tf.Tensor {
  return tf.stack(TOTAL_KEYS.map((key) => result[key]));
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
