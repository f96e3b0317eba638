import {
  contrastMask,
  copyWeights,
  SelectiveDistiller,
  SelectiveKdError,
  TeacherOutputCache,
  type BatchSource,
  type ModalityPlugin,
  type Pass,
} from '@selective-kd/core';
import { buildStudent } from '@selective-kd/example-pixel-segmentation/models';
import { pixelModality, segmentationBatches, type SegmentationSample } from '@selective-kd/pixel';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { nextTask } from './next-task.js';
import { RoundRobin } from './round-robin.js';
import { GATE_SETTINGS, SHOWN_GATES, type ShownGate } from './shown-gates.js';

export interface LiveTrainingOptions {
  /** The teacher, only run for inference; it stays the caller's. */
  teacher: LayersModel;
  /** The labelled student mosaics the three students train on. */
  train: readonly SegmentationSample[];
  /** The test mosaics: the preview shows one, the evaluation scores all. */
  test: readonly SegmentationSample[];
  /** Seeds the students' initial weights and the batch order. Default 0. */
  seed?: number;
  /** Default 8, as the pixel example. */
  batchSize?: number;
  /** Adam's learning rate. Default 0.01, as the pixel example. */
  learningRate?: number;
  /** Preview the shown student every this many steps. Default 5. */
  previewEvery?: number;
  /** Score all three students on the test mosaics every this many steps. Default 20. */
  evaluateEvery?: number;
  /** Pause once each student has taken this many steps. Default: never. */
  stopAfter?: number;
  /** The student previews show. Default 'loss-compare'. */
  shownGate?: ShownGate;
  listener?: LiveTrainingListener;
}

export interface LiveTrainingListener {
  /** What `create` is doing now; on a slow backend each part can take many seconds. */
  onLoading?(what: string): void;
  /** Training went on or came to rest between two rounds. */
  onState?(state: 'training' | 'paused', step: number, stepsPerSecond: number | undefined): void;
  /** Every student has taken `step` steps. */
  onRound?(step: number, stepsPerSecond: number): void;
  onPreview?(preview: LivePreview): void;
  onEvaluation?(evaluation: LiveEvaluation): void;
  /** Training or a preview failed; training has stopped. */
  onError?(error: unknown): void;
}

/** One test mosaic as the shown student sees it, row-major `height × width`. */
export interface LivePreview {
  step: number;
  gate: ShownGate;
  index: number;
  count: number;
  width: number;
  height: number;
  /** The input's grey values in [0, 1]. */
  image: Float32Array;
  truth: Int32Array;
  /** The teacher's and the student's class per pixel (argmax). */
  teacher: Int32Array;
  student: Int32Array;
  /** 1 where the teacher's per-pixel loss is below the student's (the loss-compare mask), else 0. */
  mask: Uint8Array;
  /** Share of the mosaic's valid pixels where the teacher is better. */
  teacherBetter: number;
}

/** A student's score on the test mosaics. */
export interface StudentScore {
  meanIoU: number;
  pixelAccuracy: number;
  /** Share of the valid test pixels where the teacher's loss is below this student's. */
  teacherBetter: number;
}

export interface LiveEvaluation {
  step: number;
  students: Record<ShownGate, StudentScore>;
}

/** The teacher on the test mosaics, computed once. */
interface TeacherOnTest {
  /** Per-pixel loss against the truth, `[N, H, W]`: what each student's loss is compared with. */
  loss: tf.Tensor;
  classes: Int32Array;
  meanIoU: number;
}

interface TestTensors {
  inputs: tf.Tensor4D;
  labels: tf.Tensor3D;
}

/** The reason the loops stop with when the training is disposed; not an error. */
const STOPPED = Symbol('live training stopped');
/** Test mosaics scored per forward pass. */
const TEST_BATCH = 64;

/**
 * Three students of one initial weight set — gates none, all and
 * loss-compare — trained by `SelectiveDistiller.fit` on the same batches in
 * the same order, one step each in turn, with a pause between rounds.
 * Every few rounds the shown student is previewed on a test mosaic and all
 * three are scored on the test mosaics. No DOM and no worker API: the
 * worker drives it, and the specs run it in Node.
 */
export class LiveTraining {
  private readonly modality: ModalityPlugin<Uint8Array> = pixelModality();
  readonly students: Readonly<Record<ShownGate, LayersModel>>;
  private readonly distillers: Record<ShownGate, SelectiveDistiller>;
  private readonly turns = new RoundRobin(SHOWN_GATES.length);
  private readonly options: Required<Omit<LiveTrainingOptions, 'stopAfter' | 'listener' | 'teacher' | 'train' | 'test'>> &
    Pick<LiveTrainingOptions, 'stopAfter'>;
  private readonly listener: LiveTrainingListener;
  private run: Promise<void> | undefined;
  private previews: Promise<void> = Promise.resolve();
  private steps = 0;
  private roundStart = 0;
  /** Time spent in the students' steps (batches, forward, backward, optimiser), not in previews and evaluations. */
  private stepMillis = 0;
  private state: 'ready' | 'training' | 'paused' = 'ready';
  private imageIndex = 0;
  /** The step of the last evaluation, so that a pause does not score the students twice. */
  private evaluatedAt: number | undefined;
  private disposed = false;

  private constructor(
    options: LiveTrainingOptions,
    private readonly train: readonly SegmentationSample[],
    private readonly test: readonly SegmentationSample[],
    private readonly testTensors: TestTensors,
    private readonly teacherOnTest: TeacherOnTest,
    private readonly teacherOutputs: TeacherOutputCache,
  ) {
    this.options = {
      seed: options.seed ?? 0,
      batchSize: options.batchSize ?? 8,
      learningRate: options.learningRate ?? 0.01,
      previewEvery: options.previewEvery ?? 5,
      evaluateEvery: options.evaluateEvery ?? 20,
      shownGate: options.shownGate ?? 'loss-compare',
      stopAfter: options.stopAfter,
    };
    this.listener = options.listener ?? {};
    // One set of initial weights for all three, so any difference between them is the gate's.
    const [first, ...others] = SHOWN_GATES.map(() => buildStudent(this.options.seed));
    copyWeights(first, others);
    this.students = Object.fromEntries(SHOWN_GATES.map((gate, k) => [gate, k === 0 ? first : others[k - 1]])) as Record<ShownGate, LayersModel>;
    this.distillers = Object.fromEntries(
      SHOWN_GATES.map((gate) => [
        gate,
        new SelectiveDistiller({
          // Gate 'none' never reads the teacher: without one the distiller does not ask for its logits.
          teacher: gate === 'none' ? undefined : options.teacher,
          student: this.students[gate],
          modality: this.modality,
          optimizer: tf.train.adam(this.options.learningRate),
          options: GATE_SETTINGS[gate],
        }),
      ]),
    ) as Record<ShownGate, SelectiveDistiller>;
  }

  /**
   * Checks the options, runs the teacher once over the training mosaics (its
   * logits are reused by both distilling students at every step) and the test
   * mosaics, and builds the students. Nothing trains until `start`.
   */
  static async create(options: LiveTrainingOptions): Promise<LiveTraining> {
    checkOptions(options);
    const { teacher, train, test } = options;
    const loading = (what: string) => options.listener?.onLoading?.(what);
    const modality = pixelModality();
    loading(`running the teacher on the ${train.length} training mosaics`);
    const teacherOutputs = await TeacherOutputCache.compute(teacher, segmentationBatches(train, { batchSize: TEST_BATCH, shuffle: false }));
    const testTensors = stackSamples(test);
    let teacherOnTest: TeacherOnTest | undefined;
    try {
      teacherOnTest = await scoreTeacher(teacher, testTensors, modality, loading);
      loading('building the students');
      return new LiveTraining(options, train, test, testTensors, teacherOnTest, teacherOutputs);
    } catch (error) {
      tf.dispose([testTensors.inputs, testTensors.labels, ...(teacherOnTest ? [teacherOnTest.loss] : [])]);
      teacherOutputs.dispose();
      throw error;
    }
  }

  /** Steps each student has taken. */
  get step(): number {
    return this.steps;
  }

  get teacherMeanIoU(): number {
    return this.teacherOnTest.meanIoU;
  }

  /** Mean student steps per second over the training so far; undefined before the first round. */
  get stepsPerSecond(): number | undefined {
    return this.stepMillis > 0 ? (SHOWN_GATES.length * this.steps) / (this.stepMillis / 1000) : undefined;
  }

  /** Starts or resumes training; errors go to `listener.onError`. */
  start(): void {
    this.checkNotDisposed('start');
    if (this.run && !this.turns.isPaused) return;
    // Also cancels a pause asked for that has not landed yet.
    this.turns.resume();
    if (this.state !== 'training') this.setState('training');
    this.run ??= this.trainAll().catch((error: unknown) => {
      if (!this.disposed) this.listener.onError?.(error);
    });
  }

  /**
   * Pauses between two rounds; resolves once no student is stepping (never,
   * if `start` comes first and cancels it).
   */
  async pause(): Promise<void> {
    if (!this.run) return;
    await this.turns.pause();
    if (this.turns.isPaused && this.state !== 'paused' && !this.disposed) this.setState('paused');
  }

  /** Which student the previews show; previews it at once. */
  show(gate: ShownGate): Promise<void> {
    this.options.shownGate = gate;
    return this.requestPreview();
  }

  /** Which test mosaic the previews show (wrapping around); previews it at once. */
  showImage(index: number): Promise<void> {
    const count = this.test.length;
    this.imageIndex = ((Math.trunc(index) % count) + count) % count;
    return this.requestPreview();
  }

  /** Sends a preview of the shown student to the listener, after any preview still being made. */
  requestPreview(): Promise<void> {
    // A failed preview was reported to its own caller; it must not hold up the next ones.
    this.previews = this.previews.catch(() => undefined).then(async () => {
      if (!this.disposed) this.listener.onPreview?.(await this.preview());
    });
    return this.previews;
  }

  /** The shown student on the shown test mosaic, now. */
  async preview(): Promise<LivePreview> {
    this.checkNotDisposed('preview');
    const index = this.imageIndex;
    const gate = this.options.shownGate;
    const sample = this.test[index];
    const [classes, mask, valid] = tf.tidy(() => {
      const { inputs, labels } = this.testTensors;
      const x = tf.slice(inputs, [index, 0, 0, 0], [1, -1, -1, -1]);
      const y = tf.slice(labels, [index, 0, 0], [1, -1, -1]);
      const { grid, studentLoss } = this.studentOnUnits(this.students[gate], x, y);
      const teacherLoss = tf.slice(this.teacherOnTest.loss, [index, 0, 0], [1, -1, -1]);
      const better = contrastMask(teacherLoss, studentLoss, { valid: grid.valid });
      return [tf.argMax(grid.student, -1), better, tf.sum(grid.valid)];
    });
    try {
      const [studentClasses, maskValues, validPixels] = await Promise.all([classes.data(), mask.data() as Promise<Float32Array>, valid.data()]);
      const pixels = sample.width * sample.height;
      const teacherClasses = this.teacherOnTest.classes.subarray(index * pixels, (index + 1) * pixels);
      const better = maskValues.reduce((n, m) => n + m, 0);
      return {
        step: this.steps,
        gate,
        index,
        count: this.test.length,
        width: sample.width,
        height: sample.height,
        image: sample.image,
        truth: sample.labels,
        teacher: Int32Array.from(teacherClasses),
        student: Int32Array.from(studentClasses),
        mask: Uint8Array.from(maskValues, (m) => (m > 0.5 ? 1 : 0)),
        teacherBetter: better / Math.max(validPixels[0], 1),
      };
    } finally {
      tf.dispose([classes, mask, valid]);
    }
  }

  /** All three students on the test mosaics, now. */
  async evaluate(): Promise<LiveEvaluation> {
    this.checkNotDisposed('evaluate');
    const students = {} as Record<ShownGate, StudentScore>;
    for (const gate of SHOWN_GATES) students[gate] = await this.scoreStudent(this.students[gate]);
    this.evaluatedAt = this.steps;
    return { step: this.steps, students };
  }

  /**
   * Stops the training (a step under way ends first) and frees the students,
   * their optimisers and the test tensors. The teacher stays the caller's.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.turns.stop(STOPPED);
    await this.run;
    await this.previews.catch(() => undefined);
    for (const gate of SHOWN_GATES) {
      this.distillers[gate].dispose();
      this.students[gate].dispose();
    }
    this.teacherOutputs.dispose();
    tf.dispose([this.testTensors.inputs, this.testTensors.labels, this.teacherOnTest.loss]);
  }

  /** The three `fit` loops, each pacing its batches through the round robin. */
  private async trainAll(): Promise<void> {
    const runs = SHOWN_GATES.map((gate, player) =>
      this.distillers[gate]
        .fit(this.pacedBatches(player), {
          // Endless: the loops end when `dispose` stops the round robin.
          epochs: Number.MAX_SAFE_INTEGER,
          seed: this.options.seed,
          teacherOutputs: gate === 'none' ? undefined : this.teacherOutputs,
          progress: false,
          callbacks: [{ onStepEnd: () => this.endTurn(player) }],
        })
        .catch((error: unknown) => {
          // One student failing must not leave the others waiting for their turn forever.
          this.turns.stop(error);
          throw error;
        }),
    );
    const results = await Promise.allSettled(runs);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && r.reason !== STOPPED);
    if (failed) throw failed.reason;
  }

  /**
   * The training mosaics in the order the seed gives (the same for every
   * student), each batch made only once it is `player`'s turn, so a stop
   * while waiting leaves no tensors behind.
   */
  private pacedBatches(player: number): BatchSource {
    const batches = segmentationBatches(this.train, { batchSize: this.options.batchSize });
    const turns = this.turns;
    const roundStarts = () => (this.roundStart = performance.now());
    return async function* (pass: Pass) {
      const iterator = batches(pass);
      for (;;) {
        await turns.wait(player);
        if (player === 0) roundStarts();
        const next = iterator.next();
        if (next.done) return;
        yield next.value;
      }
    };
  }

  /** After a student's step: the next one's turn; after the last one's, the round's previews and scores. */
  private async endTurn(player: number): Promise<void> {
    if (player < SHOWN_GATES.length - 1) {
      this.turns.pass();
      return;
    }
    this.stepMillis += performance.now() - this.roundStart;
    this.steps++;
    this.listener.onRound?.(this.steps, this.stepsPerSecond!);
    if (this.steps === this.options.stopAfter) void this.pause();
    // Lets the page's messages (pause, gate) in first, so that a pause shows and scores the students as they stand.
    await nextTask();
    const pausing = this.turns.isPaused;
    if (pausing || this.steps % this.options.previewEvery === 0) await this.requestPreview();
    if ((pausing && this.evaluatedAt !== this.steps) || this.steps % this.options.evaluateEvery === 0) {
      this.listener.onEvaluation?.(await this.evaluate());
    }
    this.turns.pass();
  }

  private setState(state: 'training' | 'paused'): void {
    this.state = state;
    this.listener.onState?.(state, this.steps, this.stepsPerSecond);
  }

  /** A student's logits on the label grid and its per-pixel loss, as the distiller computes them. */
  private studentOnUnits(student: LayersModel, x: tf.Tensor, y: tf.Tensor) {
    const logits = student.predict(x) as tf.Tensor;
    // The plugin resizes the student's 14×14 logits to the 28×28 labels; the student stands in for the unused teacher.
    const grid = this.modality.toUnits({ student: logits, teacher: logits, labels: y });
    return { grid, studentLoss: this.modality.unitLoss(grid.student, grid.labels) };
  }

  private async scoreStudent(student: LayersModel): Promise<StudentScore> {
    const metrics = this.modality.createMetrics();
    let better = 0;
    let valid = 0;
    for (let start = 0; start < this.test.length; start += TEST_BATCH) {
      const size = Math.min(TEST_BATCH, this.test.length - start);
      const [counts, logits, labels, validity] = tf.tidy(() => {
        const x = tf.slice(this.testTensors.inputs, [start, 0, 0, 0], [size, -1, -1, -1]);
        const y = tf.slice(this.testTensors.labels, [start, 0, 0], [size, -1, -1]);
        const { grid, studentLoss } = this.studentOnUnits(student, x, y);
        const teacherLoss = tf.slice(this.teacherOnTest.loss, [start, 0, 0], [size, -1, -1]);
        const mask = contrastMask(teacherLoss, studentLoss, { valid: grid.valid });
        return [tf.stack([tf.sum(mask), tf.sum(grid.valid)]), grid.student, grid.labels, grid.valid];
      });
      try {
        metrics.update(logits, labels, validity);
        const [b, v] = await counts.data();
        better += b;
        valid += v;
      } finally {
        tf.dispose([counts, logits, labels, validity]);
      }
    }
    const { meanIoU, pixelAccuracy } = metrics.result();
    return { meanIoU, pixelAccuracy, teacherBetter: better / Math.max(valid, 1) };
  }

  private checkNotDisposed(what: string): void {
    if (this.disposed) throw new SelectiveKdError('DISPOSED', `${what} was called on a LiveTraining after its dispose()`);
  }
}

function checkOptions(options: LiveTrainingOptions): void {
  const { teacher, train, test } = options;
  if (!teacher || typeof teacher.predict !== 'function') throw new SelectiveKdError('INVALID_MODEL', 'teacher must be a tf.LayersModel');
  if (!Array.isArray(train) || train.length === 0) throw new SelectiveKdError('EMPTY_DATASET', 'train must hold at least one mosaic');
  if (!Array.isArray(test) || test.length === 0) throw new SelectiveKdError('EMPTY_DATASET', 'test must hold at least one mosaic');
  const whole = ['seed', 'batchSize', 'previewEvery', 'evaluateEvery', 'stopAfter'] as const;
  for (const key of whole) {
    const value = options[key];
    const least = key === 'seed' ? 0 : 1;
    if (value !== undefined && (!Number.isSafeInteger(value) || value < least)) {
      throw new SelectiveKdError('INVALID_OPTION', `${key} must be a whole number ≥ ${least}; got ${value}`);
    }
  }
  const { learningRate } = options;
  if (learningRate !== undefined && !(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new SelectiveKdError('INVALID_OPTION', `learningRate must be a number > 0; got ${learningRate}`);
  }
  if (options.shownGate !== undefined && !SHOWN_GATES.includes(options.shownGate)) {
    throw new SelectiveKdError('INVALID_OPTION', `shownGate must be one of ${SHOWN_GATES.join(', ')}; got ${JSON.stringify(options.shownGate)}`);
  }
}

/** All samples as one input tensor `[N, H, W, C]` and one label tensor `[N, H, W]`. */
function stackSamples(samples: readonly SegmentationSample[]): TestTensors {
  const [batch] = segmentationBatches(samples, { batchSize: samples.length, shuffle: false })();
  return { inputs: batch.inputs as tf.Tensor4D, labels: batch.labels as tf.Tensor3D };
}

/** The teacher's per-pixel loss, classes and mIoU on the test mosaics. */
async function scoreTeacher(
  teacher: LayersModel,
  test: TestTensors,
  modality: ModalityPlugin<Uint8Array>,
  loading: (what: string) => void,
): Promise<TeacherOnTest> {
  const count = test.inputs.shape[0];
  const metrics = modality.createMetrics();
  const losses: tf.Tensor[] = [];
  const classes: Int32Array[] = [];
  try {
    for (let start = 0; start < count; start += TEST_BATCH) {
      const size = Math.min(TEST_BATCH, count - start);
      loading(`running the teacher on test mosaics ${start + 1}–${start + size} of ${count}`);
      const [loss, argmax, logits, labels, valid] = tf.tidy(() => {
        const x = tf.slice(test.inputs, [start, 0, 0, 0], [size, -1, -1, -1]);
        const y = tf.slice(test.labels, [start, 0, 0], [size, -1, -1]);
        const out = teacher.predict(x) as tf.Tensor;
        const grid = modality.toUnits({ student: out, teacher: out, labels: y });
        return [modality.unitLoss(grid.teacher, grid.labels), tf.argMax(grid.teacher, -1), grid.teacher, grid.labels, grid.valid];
      });
      losses.push(loss);
      try {
        metrics.update(logits, labels, valid);
        classes.push((await argmax.data()) as Int32Array);
      } finally {
        tf.dispose([argmax, logits, labels, valid]);
      }
    }
    const all = new Int32Array(classes.reduce((n, c) => n + c.length, 0));
    classes.reduce((offset, c) => (all.set(c, offset), offset + c.length), 0);
    return { loss: tf.concat(losses), classes: all, meanIoU: metrics.result().meanIoU };
  } finally {
    tf.dispose(losses);
  }
}
