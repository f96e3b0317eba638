import type { Tensor } from '@tensorflow/tfjs-core';
import type { ProcessingUnit } from './processing-unit.js';

/** The tensors `selectiveDistillationLoss` takes, in the modality's own layout. */
export interface DistillationInputs {
  /** Student logits. */
  student: Tensor;
  /** Teacher logits; never receive a gradient. */
  teacher: Tensor;
  /** Ground truth in the modality's layout. */
  labels: Tensor;
  /** Optional 0/1 validity in the modality's layout (1 = a real unit). */
  valid?: Tensor;
}

/**
 * A batch laid out as units: the canonical form core computes on.
 * With unit-grid dims `U = [B, ...unitDims]`:
 * - `student`, `teacher`: float logits `[...U, C]`;
 * - `labels`: int32 `U` (class-index) or float32 0/1 `[...U, C]` (multi-label);
 *   at invalid units they hold any in-range value (the plugin replaces ignore labels);
 * - `valid`: float32 0/1 `U`.
 */
export interface UnitGrid {
  student: Tensor;
  teacher: Tensor;
  labels: Tensor;
  valid: Tensor;
}

/** How the contrast mask looks to a person: an image, words, a piano roll. */
export interface MaskLayout<Export = unknown, Context = undefined> {
  /** One sample's exported mask, in words: 'H×W PNG image'. */
  readonly description: string;
  /**
   * Sample `sample` of a `[B, ...unitDims]` mask (as `selectiveDistillationLoss`
   * returns it) in the modality's exported form. Reads the tensor; disposes nothing.
   */
  export(mask: Tensor, sample: number, context: Context): Export;
}

/** Metrics accumulated over batches, read out as plain numbers. */
export interface MetricAccumulator {
  /** Adds one batch of unit-grid logits and labels, counting only valid units. Disposes nothing. */
  update(logits: Tensor, labels: Tensor, valid: Tensor): void;
  /** The metrics over all batches added so far, e.g. `{ meanIoU: 0.71 }`. */
  result(): Record<string, number>;
}

/**
 * The contract a modality plugin fulfils: a plain object built by an options
 * factory (`pixelModality({ ignoreLabel: 255 })`). Every tensor function is
 * synchronous tensor → tensor and never disposes its inputs; core owns scopes.
 */
export interface ModalityPlugin<MaskExport = unknown, MaskContext = undefined> {
  readonly meta: { readonly name: string; readonly version: string };
  /** What one unit is and how its truth is encoded. */
  readonly unit: ProcessingUnit;
  /** Maps a batch onto units and their validity (resizing, reshaping, ignore labels). */
  toUnits(inputs: DistillationInputs): UnitGrid;
  /** Per-unit difference to the truth at temperature 1: `[...U, C]`, labels → `U`. */
  unitLoss(logits: Tensor, labels: Tensor): Tensor;
  /** Per-unit divergence `D(teacher/τ ‖ student/τ)`, without the τ² factor: → `U`. */
  unitDivergence(teacher: Tensor, student: Tensor, temperature: number): Tensor;
  /** How the contrast mask is shaped and exported. */
  readonly maskLayout: MaskLayout<MaskExport, MaskContext>;
  /** A fresh accumulator of the modality's metrics. */
  createMetrics(): MetricAccumulator;
}

/** A plugin of any mask export, as containers and registries hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModalityPlugin = ModalityPlugin<any, any>;
