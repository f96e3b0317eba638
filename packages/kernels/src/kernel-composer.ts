import * as tf from '@tensorflow/tfjs-core';
import { TrainingKernelError } from './training-kernel-error.js';

/**
 * Runs a backend's own kernels directly on TensorInfos — below the engine, so
 * nothing is tracked for us — and remembers every TensorInfo they return so
 * that all but the result can be released afterwards.
 */
export class KernelComposer {
  private readonly made: tf.TensorInfo[] = [];

  constructor(
    readonly backend: tf.KernelBackend,
    readonly backendName: string,
  ) {}

  /** Runs the backend's current kernel `kernelName`; its single output is released by `composeKernels` unless returned. */
  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    // Looked up per call, so a kernel someone registers later is the one used.
    const kernel = tf.getKernel(kernelName, this.backendName) as tf.KernelConfig | undefined;
    if (!kernel) {
      throw new TrainingKernelError('BACKEND_UNAVAILABLE', `the '${this.backendName}' backend has no ${kernelName} kernel`);
    }
    return this.adopt(kernel.kernelFunc({ inputs, backend: this.backend, attrs }));
  }

  /** Takes ownership of a kernel's output made outside `run` (a kept original kernel's). */
  adopt(output: tf.TensorInfo | tf.TensorInfo[]): tf.TensorInfo {
    // Every kernel composed here has exactly one output.
    const outputs = Array.isArray(output) ? output : [output];
    this.made.push(...outputs);
    if (outputs.length !== 1) {
      throw new TrainingKernelError('BACKEND_UNAVAILABLE', `expected one output from a '${this.backendName}' kernel, got ${outputs.length}`);
    }
    return outputs[0];
  }

  /** Releases every adopted TensorInfo except `keep`. */
  release(keep?: tf.TensorInfo): void {
    // Reshapes share a dataId and hold a reference of their own, so each TensorInfo is released once.
    for (const info of this.made) if (info !== keep) this.backend.disposeData(info.dataId);
    this.made.length = 0;
  }
}

/**
 * Runs `body` with a composer on `backend` and returns its result; every
 * other TensorInfo made through the composer is released, also when `body` throws.
 */
export function composeKernels(
  backend: unknown,
  backendName: string,
  body: (kernels: KernelComposer) => tf.TensorInfo,
): tf.TensorInfo {
  const kernels = new KernelComposer(backend as tf.KernelBackend, backendName);
  let result: tf.TensorInfo | undefined;
  try {
    result = body(kernels);
    return result;
  } finally {
    kernels.release(result);
  }
}
