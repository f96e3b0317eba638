// Everything of core that runs anywhere: Node, browsers, web workers. It is the
// package's `browser` entry; the Node entry (index.ts) adds the file-system
// parts, and `#file-access` / `#backends` resolve to each platform's own.

// tsyringe needs the Reflect metadata API before any decorated class is defined.
import 'reflect-metadata';

export { SelectiveKdError, type SelectiveKdErrorCode } from './selective-kd-error.js';
export type { ProcessingUnit } from './processing-unit.js';
export type {
  AnyModalityPlugin,
  DistillationInputs,
  MaskLayout,
  MetricAccumulator,
  ModalityPlugin,
  UnitGrid,
} from './modality-plugin.js';
export {
  DEFAULT_SELECTIVE_OPTIONS,
  GATES,
  resolveSelectiveOptions,
  type Gate,
  type GroundTruthScope,
  type Normalizer,
  type SelectiveOptions,
} from './selective-options.js';
export { contrastMask, type ContrastMaskOptions } from './contrast-mask.js';
export { gateWeights, type GateInputs } from './gate-weights.js';
export { teacherCorrect } from './teacher-correct.js';
export { rectifiedTeacherLogits } from './rectified-teacher-logits.js';
export { noGradient } from './no-gradient.js';
export { dropIgnoredLabels } from './drop-ignored-labels.js';
export {
  selectiveDistillationLoss,
  selectiveLossOnUnits,
  toCheckedUnits,
  type SelectiveLossResult,
} from './selective-distillation-loss.js';
export { softmaxCrossEntropy } from './losses/softmax-cross-entropy.js';
export { softmaxKlDivergence } from './losses/softmax-kl-divergence.js';
export { sigmoidCrossEntropy } from './losses/sigmoid-cross-entropy.js';
export { binaryKlDivergence } from './losses/binary-kl-divergence.js';
export { passOver, teacherInputsOf, type Batch, type BatchSource, type Pass } from './training/batch.js';
export { teacherFunction, type ModelInputs, type Teacher } from './training/teacher.js';
export {
  TeacherOutputCache,
  type TeacherOutputCacheOptions,
  type TeacherOutputFingerprint,
  type TeacherOutputs,
} from './training/teacher-output-cache.js';
export { toFloat16, type TeacherOutputStorage } from './training/teacher-output-cache-storage.js';
export type {
  CheckpointInfo,
  DistillerCallbacks,
  EarlyStopInfo,
  EpochLogs,
  EvaluationResult,
  StepLogs,
  StepTotals,
  TrainBeginInfo,
} from './training/distiller-callbacks.js';
export { evaluateModel, type EvaluateModelOptions, type ModelEvaluation } from './training/evaluate-model.js';
export { resolveEarlyStopping, type EarlyStoppingLogs, type EarlyStoppingOptions } from './training/early-stopping.js';
export { ProgressDisplay, type ProgressDisplayOptions, type ProgressStream } from './training/progress-display.js';
export {
  SelectiveDistiller,
  type CheckpointOptions,
  type EvaluateOptions,
  type FitOptions,
  type FitResult,
  type SelectiveDistillerConfig,
} from './training/selective-distiller.js';
export { snapshotWeights, type WeightSnapshot } from './weights/snapshot-weights.js';
export { copyWeights } from './weights/copy-weights.js';
export type { CheckpointState } from './persistence/checkpoint-state.js';
export { MODALITY } from './di/tokens.js';
export { ModalityRegistry } from './di/modality-registry.js';
export { DistillerFactory, type DistillerRequest } from './di/distiller-factory.js';
export { createSelectiveContainer } from './di/create-selective-container.js';
export { initBackend, type BackendChoice } from './runtime/init-backend.js';
export type { BackendPreference, InitBackendOptions } from './runtime/backend-loader.js';
export { BACKEND_ENV, BACKEND_ORDER } from '#backends';
export { registerTrainingKernels } from '@selective-kd/kernels';
export { ConfusionMatrix } from './metrics/confusion-matrix.js';
export { seededRandom } from './seeded-random.js';
export { escapeXml, pngDataUri, pngSize, svgText, type SvgTextOptions } from './pictures/svg-markup.js';
