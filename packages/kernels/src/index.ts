export {
  isTrainingKernel,
  registerTrainingKernels,
  trainingKernelNames,
  type TrainingKernelConfig,
} from './register-training-kernels.js';
export type { TrainingBackend } from './training-kernel.js';
export { TrainingKernelError, type TrainingKernelErrorCode } from './training-kernel-error.js';
