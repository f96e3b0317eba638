import * as tf from '@tensorflow/tfjs-core';
import { TrainingKernelError } from './training-kernel-error.js';
import { batchMatMul } from './batch-mat-mul.js';
import { concat } from './concat.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { depthwiseConv2dNativeBackpropFilter } from './depthwise-conv2d-native-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInput } from './depthwise-conv2d-native-backprop-input.js';
import { elementwiseBinaryKernels } from './elementwise-binary.js';
import { fusedMatMul } from './fused-mat-mul.js';
import { oneHot } from './one-hot.js';
import { resizeBilinearGrad } from './resize-bilinear-grad.js';
import { resizeNearestNeighborGrad } from './resize-nearest-neighbor-grad.js';
import { tile } from './tile.js';
import type { KernelArgs, TrainingBackend, TrainingKernel } from './training-kernel.js';
import { unsortedSegmentSum } from './unsorted-segment-sum.js';

/**
 * Which kernels each backend gets. wasm lacks the conv/depthwise filter
 * gradients and UnsortedSegmentSum altogether, and its Conv2DBackpropInput,
 * transposed matmuls, broadcast comparisons (Equal, Less, Maximum, …),
 * Tile and channel Concat are slow loops, and its OneHot writes int32 values
 * whatever dtype it is asked for. The cpu backend has every kernel,
 * but its conv and depthwise filter gradients take seconds per call, and its
 * UnsortedSegmentSum seconds to minutes once the vocabulary has thousands of
 * entries. Its own Conv2DBackpropInput is 3–5× faster than the composed one
 * (the cpu Conv2D is a plain loop), and its depthwise input gradient and
 * transposed matmuls are within 1.5–2.5× of the composed ones either way
 * (measured on B=8 32×32 and 64×64 shapes), so those stay. On both, the
 * resize gradients ignore halfPixelCenters and so are wrong with it.
 */
const KERNELS: Record<TrainingBackend, readonly TrainingKernel[]> = {
  wasm: [
    conv2dBackpropFilter,
    conv2dBackpropInput,
    depthwiseConv2dNativeBackpropFilter,
    depthwiseConv2dNativeBackpropInput,
    unsortedSegmentSum,
    batchMatMul,
    fusedMatMul,
    ...elementwiseBinaryKernels,
    tile,
    concat,
    oneHot,
    resizeBilinearGrad,
    resizeNearestNeighborGrad,
  ],
  cpu: [conv2dBackpropFilter, depthwiseConv2dNativeBackpropFilter, unsortedSegmentSum, resizeBilinearGrad, resizeNearestNeighborGrad],
};

// Symbol.for, so that a second copy of this module still recognises the kernels the first registered.
const MARK = Symbol.for('@selective-kd/kernels/training-kernel');

/** A kernel config registered by `registerTrainingKernels`. */
export interface TrainingKernelConfig extends tf.KernelConfig {
  readonly [MARK]: true;
  /** The backend's own kernel it replaced (undefined where there was none); calls the fast path cannot do go there. */
  readonly original: tf.KernelConfig | undefined;
}

/** Whether `config` was registered by `registerTrainingKernels`. */
export function isTrainingKernel(config: tf.KernelConfig | undefined): config is TrainingKernelConfig {
  return config != null && (config as Partial<TrainingKernelConfig>)[MARK] === true;
}

/** The kernel names `registerTrainingKernels` registers for `backendName`. */
export function trainingKernelNames(backendName: TrainingBackend): string[] {
  return KERNELS[backendName].map((kernel) => kernel.kernelName);
}

/**
 * Registers kernels that let `backendName` train conv, conv1d, conv2dTranspose,
 * depthwise/separable and embedding models at usable speed, each composed of
 * the backend's own fast kernels. Where a kernel existed it is replaced, and
 * every call the fast path cannot compute exactly (NCHW, a rounding mode,
 * negative padding, …) still goes to it; where none existed, such a call
 * throws an error naming the attribute. Idempotent; call it after the
 * backend's package is imported (`initBackend` does).
 */
export function registerTrainingKernels(backendName: TrainingBackend): void {
  const kernels = KERNELS[backendName];
  if (!kernels) {
    throw new TrainingKernelError(
      'INVALID_OPTION',
      `training kernels exist for ${Object.keys(KERNELS).join(' and ')}; got '${String(backendName)}'`,
    );
  }
  const pending = kernels.filter((kernel) => !isTrainingKernel(currentKernel(kernel.kernelName, backendName)));
  // Check everything before changing anything, so a failure leaves the registry as it was.
  const missing = [...new Set(pending.flatMap((kernel) => kernel.uses))].filter((name) => !currentKernel(name, backendName));
  if (missing.length) {
    throw new TrainingKernelError(
      'BACKEND_UNAVAILABLE',
      `cannot register training kernels for '${backendName}': it has no ${missing.join(', ')} kernel; ` +
        `import @tensorflow/tfjs-backend-${backendName} first`,
    );
  }
  for (const kernel of pending) {
    const original = currentKernel(kernel.kernelName, backendName);
    if (original) tf.unregisterKernel(kernel.kernelName, backendName);
    tf.registerKernel(trainingKernelConfig(kernel, backendName, original));
  }
}

function currentKernel(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  return tf.getKernel(kernelName, backendName) as tf.KernelConfig | undefined;
}

function trainingKernelConfig(
  kernel: TrainingKernel,
  backendName: TrainingBackend,
  original: tf.KernelConfig | undefined,
): TrainingKernelConfig {
  const context = { backendName, original };
  return {
    [MARK]: true,
    kernelName: kernel.kernelName,
    backendName,
    original,
    // The original's setup still has to run when the backend initialises after this registration.
    setupFunc: original?.setupFunc,
    disposeFunc: original?.disposeFunc,
    kernelFunc: (args: KernelArgs) => {
      const reason = kernel.fallbackReason(args);
      if (reason === undefined) return kernel.run(args, context);
      if (original) return original.kernelFunc(args);
      throw new TrainingKernelError(
        'INVALID_OPTION',
        `${kernel.kernelName} on the '${backendName}' backend does not support ${reason}, ` +
          `and the backend has no kernel of its own to fall back to`,
      );
    },
  };
}
