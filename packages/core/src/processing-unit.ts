/**
 * What one processing unit is for a modality: the thing the teacher and the
 * student both predict and the contrast mask decides on (a pixel, a token, a
 * note frame). Core reads only these facts, never the modality's name.
 */
export interface ProcessingUnit {
  /** Name of one unit, for messages and reports: 'pixel', 'token', 'frame'. */
  readonly name: string;
  /** Names of the unit-grid axes after the batch axis: ['height', 'width'], ['token']. */
  readonly axes: readonly string[];
  /**
   * How a unit's truth is encoded. `class-index`: one int32 class per unit,
   * labels `[B, ...unitDims]`. `multi-label`: a 0/1 value per class, labels
   * `[B, ...unitDims, C]` like the logits. It also decides how the
   * `teacher-correct` and `rectified` gates read the teacher's prediction
   * (argmax, or each label's σ > 0.5).
   */
  readonly target: 'class-index' | 'multi-label';
}
