import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/** The backends `registerTrainingKernels` knows how to complete. */
export type TrainingBackend = 'wasm' | 'cpu';

/** What tfjs passes a kernel function. */
export type KernelArgs = Parameters<KernelFunc>[0];

/** What a fast path gets besides the kernel's own arguments. */
export interface KernelContext {
  backendName: TrainingBackend;
  /** The backend's own kernel this one replaces, if it had one. */
  original: KernelConfig | undefined;
}

/**
 * A kernel built from a backend's own fast kernels. Registration wraps it in a
 * `KernelConfig` that sends every call `fallbackReason` rejects to the
 * backend's original kernel, so behaviour never changes where the fast path
 * cannot reproduce the original exactly.
 */
export interface TrainingKernel {
  readonly kernelName: string;
  /** Kernels of the backend that `run` calls; registration fails early when one is missing. */
  readonly uses: readonly string[];
  /** Why this call must go to the original kernel (names the attribute), or undefined when `run` handles it. */
  fallbackReason(args: KernelArgs): string | undefined;
  /** The fast path; returns one TensorInfo the caller owns and leaves nothing else allocated. */
  run(args: KernelArgs, context: KernelContext): TensorInfo;
}
